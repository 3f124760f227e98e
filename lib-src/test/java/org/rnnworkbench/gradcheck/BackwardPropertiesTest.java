package org.rnnworkbench.gradcheck;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.rnnworkbench.TestRandom;

/**
 * Every backward pass agrees with central differences on random shapes (n_x, n_a, m, T from 1 up),
 * for all inputs and parameters it returns gradients for (pass rule: {@link GradientAssertions}).
 * Values are drawn at scale 0.5, as an initialisation would be, so that few gradients saturate.
 */
class BackwardPropertiesTest {

    private static void assertPassed(GradientCheck.Result r) {
        GradientAssertions.assertAgree("", r);
    }

    @Property(tries = 40)
    void rnnCell(@ForAll @IntRange(min = 1, max = 4) int nX, @ForAll @IntRange(min = 1, max = 5) int nA,
            @ForAll @IntRange(min = 1, max = 3) int nY, @ForAll @IntRange(min = 1, max = 4) int m, @ForAll long seed) {
        TestRandom r = new TestRandom(seed, 0.5);
        assertPassed(GradientCheck.rnnCellBackward(r.matrix(nX, m), r.matrix(nA, m), r.rnn(nX, nA, nY), seed));
    }

    @Property(tries = 40)
    void rnnSequence(@ForAll @IntRange(min = 1, max = 4) int nX, @ForAll @IntRange(min = 1, max = 5) int nA,
            @ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 1, max = 5) int T,
            @ForAll long seed) {
        TestRandom r = new TestRandom(seed, 0.5);
        assertPassed(GradientCheck.rnnBackward(r.tensor(nX, m, T), r.matrix(nA, m), r.rnn(nX, nA, 2), seed));
    }

    @Property(tries = 40)
    void lstmCell(@ForAll @IntRange(min = 1, max = 4) int nX, @ForAll @IntRange(min = 1, max = 5) int nA,
            @ForAll @IntRange(min = 1, max = 4) int m, @ForAll long seed) {
        TestRandom r = new TestRandom(seed, 0.5);
        assertPassed(GradientCheck.lstmCellBackward(r.matrix(nX, m), r.matrix(nA, m), r.matrix(nA, m),
                r.lstm(nX, nA, 2), seed));
    }

    @Property(tries = 40)
    void lstmSequence(@ForAll @IntRange(min = 1, max = 4) int nX, @ForAll @IntRange(min = 1, max = 5) int nA,
            @ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 1, max = 5) int T,
            @ForAll long seed) {
        TestRandom r = new TestRandom(seed, 0.5);
        assertPassed(GradientCheck.lstmBackward(r.tensor(nX, m, T), r.matrix(nA, m), r.lstm(nX, nA, 2), seed));
    }

    @Property(tries = 40)
    void gruCell(@ForAll @IntRange(min = 1, max = 4) int nX, @ForAll @IntRange(min = 1, max = 5) int nA,
            @ForAll @IntRange(min = 1, max = 4) int m, @ForAll long seed) {
        TestRandom r = new TestRandom(seed, 0.5);
        assertPassed(GradientCheck.gruCellBackward(r.matrix(nX, m), r.matrix(nA, m), r.gru(nX, nA, 2), seed));
    }

    @Property(tries = 40)
    void gruSequence(@ForAll @IntRange(min = 1, max = 4) int nX, @ForAll @IntRange(min = 1, max = 5) int nA,
            @ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 1, max = 5) int T,
            @ForAll long seed) {
        TestRandom r = new TestRandom(seed, 0.5);
        assertPassed(GradientCheck.gruBackward(r.tensor(nX, m, T), r.matrix(nA, m), r.gru(nX, nA, 2), seed));
    }

    /** A shorter da (the assignment's lstm_backward case) is checked over all of x: later steps get zero. */
    @Property(tries = 20)
    void shortUpstreamGradient(@ForAll @IntRange(min = 2, max = 5) int T, @ForAll @IntRange(min = 1, max = 4) int m,
            @ForAll long seed) {
        TestRandom r = new TestRandom(seed, 0.5);
        int steps = 1 + (int) Math.floorMod(seed, T - 1);
        assertPassed(GradientCheck.lstmBackward(r.tensor(3, m, T), r.matrix(4, m), r.lstm(3, 4, 2), r.tensor(4, m, steps)));
        assertPassed(GradientCheck.rnnBackward(r.tensor(3, m, T), r.matrix(4, m), r.rnn(3, 4, 2), r.tensor(4, m, steps)));
        assertPassed(GradientCheck.gruBackward(r.tensor(3, m, T), r.matrix(4, m), r.gru(3, 4, 2), r.tensor(4, m, steps)));
    }
}
