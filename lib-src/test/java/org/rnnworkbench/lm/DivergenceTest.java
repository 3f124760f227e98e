package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.tensor.Ops;

/** The divergence guard: what it catches, what it names, and that the parameters it keeps are the last good ones. */
class DivergenceTest {

    @Test
    void aHugeLearningRateWithoutClippingStopsWithTheLastGoodParameters() throws IOException {
        Dataset data = TrainingResumeTest.data();
        TrainingOptions options = TrainingResumeTest.options().learningRate(200).noClipping().build();
        assertFalse(options.clipping());
        DivergenceException e = assertThrows(DivergenceException.class, () -> Trainer.model(data, options));

        assertTrue(e.getMessage().startsWith("training diverged at iteration " + e.iteration() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(e.problem()), e.getMessage());
        assertTrue(e.getMessage().contains("Lower the learning rate (now 200.0) or turn gradient clipping on"),
                e.getMessage());
        assertTrue(e.problem().contains(e.quantity()), e.problem());
        assertFalse(Double.isFinite(e.value()));
        assertEquals(data.example(TrainingState.initial(data, options).exampleAt(e.iteration())), e.example());

        TrainingResult good = e.result();
        assertEquals(e.iteration(), good.iterations());
        assertEquals(e.iteration(), good.history().size());
        for (String k : RnnParameters.NAMES) {
            assertTrue(Ops.allFinite(good.parameters().get(k)), k + " is finite");
        }
        TrainingResult stoppedBefore = Trainer.model(data, options.toBuilder().iterations(e.iteration()).build());
        assertEquals(stoppedBefore.state(), good.state(), "exactly the parameters after iteration " + (e.iteration() - 1));
        assertEquals(stoppedBefore.log(), good.log());

        DivergenceException again = assertThrows(DivergenceException.class,
                () -> Trainer.model(data, options, good.state()));
        assertEquals(e.getMessage(), again.getMessage(), "continuing from the kept state meets the same iteration");
    }

    @Test
    void clippingDoesNotHideADivergence() throws IOException {
        Dataset data = TrainingResumeTest.data();
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> Trainer.model(data, TrainingResumeTest.options().learningRate(1e300).build()));
        assertTrue(e.getMessage().contains("lower the clipping bound (now 5.0)"), e.getMessage());
    }

    @Test
    void theGuardNamesTheLossFirst() {
        RnnParameters p = CharRnn.initializeParameters(3, 4, 4);
        Gradients g = Gradients.zerosLike(p);
        g.dWaa().set(0, 0, Double.NaN);
        DivergenceGuard guard = new DivergenceGuard(p);
        assertEquals(new DivergenceGuard.Problem("loss", Double.POSITIVE_INFINITY),
                guard.check(Double.POSITIVE_INFINITY, g, p, 0.01));
        assertEquals("loss", guard.check(Double.NaN, g, p, 0.01).quantity());
    }

    @Test
    void theGuardNamesTheFirstGradientThatIsNotFinite() {
        RnnParameters p = CharRnn.initializeParameters(3, 4, 4);
        for (String name : Gradients.NAMES) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                Gradients g = Gradients.zerosLike(p);
                DMatrixRMaj m = g.get(name);
                m.data[m.getNumElements() - 1] = bad;
                DivergenceGuard.Problem problem = new DivergenceGuard(p).check(1.0, g, p, 0.01);
                assertEquals(name, problem.quantity());
                assertEquals(bad, problem.value(), 0.0);
            }
        }
        Gradients both = Gradients.zerosLike(p);
        both.dby().set(1, 0, Double.NaN);
        both.dWax().set(2, 3, Double.NEGATIVE_INFINITY);
        assertEquals("dWax", new DivergenceGuard(p).check(1.0, both, p, 0.01).quantity(),
                "in the assignment's order dWaa, dWax, dWya, db, dby");
    }

    @Test
    void theGuardCatchesAnUpdateThatWouldOverflowAndNothingElse() {
        RnnParameters p = CharRnn.initializeParameters(3, 4, 4);
        Gradients g = Gradients.zerosLike(p);
        p.Wax().set(1, 1, 1.7e308);
        g.dWax().set(1, 1, -1e308);
        DivergenceGuard.Problem problem = new DivergenceGuard(p).check(1.0, g, p, 1.0);
        assertEquals("Wax", problem.quantity());
        assertEquals(Double.POSITIVE_INFINITY, problem.value(), 0.0);

        g.dWax().set(1, 1, 0);
        g.dWaa().set(0, 0, -1e308);
        assertNull(new DivergenceGuard(p).check(1.0, g, p, 1.0),
                "a large step on a small entry beside a large one is fine");
        g.dWaa().set(0, 0, 1e300);
        assertEquals("Waa", new DivergenceGuard(p).check(1.0, g, p, 1e10).quantity(), "lr·dW itself overflows");

        RnnParameters small = CharRnn.initializeParameters(3, 4, 4);
        Gradients step = Gradients.zerosLike(small);
        step.db().set(0, 0, 1e307);
        DivergenceGuard guard = new DivergenceGuard(small);
        for (int i = 0; i < 100; i++) {
            // The bound grows past the largest double; the parameters themselves never do.
            assertNull(guard.check(1.0, step, small, 1.0), "step " + i);
        }
        small.ba().set(0, 0, -1.75e308);
        assertEquals(new DivergenceGuard.Problem("b", Double.NEGATIVE_INFINITY),
                new DivergenceGuard(small).check(1.0, step, small, 1.0));
    }

    @Test
    void clippingCanBeTurnedOff() {
        RnnParameters p = CharRnn.initializeParameters(5, 4, 4);
        for (String k : RnnParameters.NAMES) {
            CommonOps_DDRM.scale(300, p.get(k));
        }
        int[] x = {CharRnn.NONE, 1, 2, 3};
        int[] y = {1, 2, 3, 0};
        DMatrixRMaj a0 = new DMatrixRMaj(5, 1);
        Gradients raw = CharRnn.rnnBackward(CharRnn.rnnForward(x, y, a0, p).cache(), p).gradients();
        Optimize.Result off = Optimize.lossAndGradients(x, y, a0, p, Double.POSITIVE_INFINITY, null);
        Optimize.Result on = Optimize.lossAndGradients(x, y, a0, p, 5, null);
        assertTrue(on.clipped() > 0, "the test gradients are large enough to be clipped");
        assertEquals(0, off.clipped());
        for (String k : Gradients.NAMES) {
            assertArrayEquals(raw.get(k).data, off.gradients().get(k).data, 0.0, k);
        }
        assertTrue(TrainingOptions.builder().build().clipping());
        assertEquals(Double.POSITIVE_INFINITY, TrainingOptions.builder().noClipping().build().clipValue(), 0.0);
    }

    @Test
    void optimizeIsItsTwoHalvesExactly() {
        RnnParameters p1 = CharRnn.initializeParameters(6, 5, 5);
        RnnParameters p2 = CharRnn.initializeParameters(6, 5, 5);
        int[] x = {CharRnn.NONE, 4, 2};
        int[] y = {4, 2, 0};
        DMatrixRMaj a0 = new DMatrixRMaj(6, 1);
        Optimize.Result whole = Optimize.optimize(x, y, a0, p1, 0.05);
        Optimize.Result half = Optimize.lossAndGradients(x, y, a0, p2, Optimize.MAX_VALUE, null);
        CharRnn.updateParameters(p2, half.gradients(), 0.05);
        assertEquals(whole.loss(), half.loss(), 0.0);
        for (String k : RnnParameters.NAMES) {
            assertTrue(Arrays.equals(p1.get(k).data, p2.get(k).data), k);
        }
    }
}
