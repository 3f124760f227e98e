package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.TestRandom;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.Clip;
import org.rnnworkbench.lm.Gradients;

/** The batched pass against the per-example plain mathematics: sums over the sequences of a batch. */
class BatchedCharRnnTest {
    private static final double TOL = 1e-12;
    private static final double JUNK = -3.5e9;

    @Test
    void lossAndGradientsAreSumsOfThePerExampleOnes() {
        SplittableRandom pick = new SplittableRandom(4);
        for (int trial = 0; trial < 40; trial++) {
            int nA = 1 + pick.nextInt(70);
            int v = 2 + pick.nextInt(30);
            int m = 1 + pick.nextInt(9);
            int maxLength = 1 + pick.nextInt(15);
            RnnParameters p = new TestRandom(trial, 0.3).rnn(v, nA, v);
            BatchedCharRnn batched = new BatchedCharRnn(p, m, maxLength);
            // Two batches in a row: nothing of the first may leak into the second.
            for (int round = 0; round < 2; round++) {
                int[][][] xy = randomBatch(pick, 1 + pick.nextInt(m), maxLength, v);
                String what = "trial " + trial + " round " + round + " (n_a=" + nA + ", V=" + v + ", m=" + m + ")";
                Gradients expected = Gradients.zerosLike(p);
                double expectedLoss = perExample(xy, p, expected);

                double loss = batched.lossAndGradients(xy[0], xy[1]);

                Golden.assertClose(what + " loss", new double[] {1.0}, new double[] {loss / expectedLoss}, TOL);
                Gradients g = junkGradients(nA, v);
                batched.copyGradients(g);
                for (String k : Gradients.NAMES) {
                    FastCharRnnTest.assertCloseInNorm(what + " " + k, expected.get(k).data, g.get(k).data, TOL);
                }
            }
        }
    }

    @Test
    void stepClipsAndUpdatesLikeThePlainFunctions() {
        SplittableRandom pick = new SplittableRandom(5);
        int clippedSteps = 0;
        for (int trial = 0; trial < 20; trial++) {
            int nA = 1 + pick.nextInt(40);
            int v = 2 + pick.nextInt(20);
            int m = 1 + pick.nextInt(8);
            int maxLength = 1 + pick.nextInt(12);
            RnnParameters plain = new TestRandom(50 + trial, 0.3).rnn(v, nA, v);
            BatchedCharRnn batched = new BatchedCharRnn(plain, m, maxLength);
            double maxValue = new double[] {5.0, 0.5, 0.05}[pick.nextInt(3)];
            for (int step = 0; step < 3; step++) {
                int[][][] xy = randomBatch(pick, 1 + pick.nextInt(m), maxLength, v);
                String what = "trial " + trial + " step " + step;
                Gradients g = Gradients.zerosLike(plain);
                double expectedLoss = perExample(xy, plain, g);
                int clipped = Clip.clipInPlace(g, maxValue);
                CharRnn.updateParameters(plain, g, 0.05);

                double loss = batched.step(xy[0], xy[1], 0.05, maxValue);

                Golden.assertClose(what + " loss", new double[] {1.0}, new double[] {loss / expectedLoss}, TOL);
                assertEquals(clipped, batched.clippedCount(), what + " clipped entries");
                clippedSteps += clipped > 0 ? 1 : 0;
                Gradients applied = junkGradients(nA, v);
                batched.copyGradients(applied);
                RnnParameters out = RnnParameters.zeros(nA, v, v);
                for (String k : RnnParameters.NAMES) {
                    out.get(k).fill(JUNK);
                }
                batched.copyParameters(out);
                for (String k : Gradients.NAMES) {
                    FastCharRnnTest.assertCloseInNorm(what + " " + k, g.get(k).data, applied.get(k).data, 1e-11);
                }
                for (String k : RnnParameters.NAMES) {
                    FastCharRnnTest.assertCloseInNorm(what + " " + k, plain.get(k).data, out.get(k).data, 1e-11);
                }
            }
        }
        assertTrue(clippedSteps > 5, "only " + clippedSteps + " steps clipped anything");
    }

    @Test
    void argumentsAreChecked() {
        BatchedCharRnn batched = new BatchedCharRnn(new TestRandom(1).rnn(5, 3, 5), 2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> batched.lossAndGradients(new int[3][1], new int[3][1]));
        assertTrue(e.getMessage().contains("1 to 2 sequences"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> batched.lossAndGradients(new int[][] {{1, 2}}, new int[][] {{1}}));
        assertTrue(e.getMessage().contains("sequence 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> batched.lossAndGradients(new int[][] {{1}, {7}}, new int[][] {{1}, {1}}));
        assertTrue(e.getMessage().contains("X[1][0] = 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> batched.lossAndGradients(new int[][] {new int[5]}, new int[][] {new int[5]}));
        assertTrue(e.getMessage().contains("1 to 4"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> batched.copyGradients(junkGradients(3, 5)));
        assertThrows(IllegalArgumentException.class,
                () -> batched.step(new int[][] {{1}}, new int[][] {{1}}, 0.01, -1));
    }

    /** Σ over the sequences of the plain loss; their gradients added into {@code sum}. */
    private static double perExample(int[][][] xy, RnnParameters p, Gradients sum) {
        double loss = 0;
        for (int c = 0; c < xy[0].length; c++) {
            CharRnn.Forward f = CharRnn.rnnForward(xy[0][c], xy[1][c], new DMatrixRMaj(p.nA(), 1), p);
            loss += f.loss();
            Gradients g = CharRnn.rnnBackward(f.cache(), p).gradients();
            for (String k : Gradients.NAMES) {
                CommonOps_DDRM.addEquals(sum.get(k), g.get(k));
            }
        }
        return loss;
    }

    /** {X, Y} for {@code count} sequences of random lengths; some start with the zero input. */
    private static int[][][] randomBatch(SplittableRandom pick, int count, int maxLength, int v) {
        int[][] X = new int[count][];
        int[][] Y = new int[count][];
        for (int c = 0; c < count; c++) {
            int len = 1 + pick.nextInt(maxLength);
            X[c] = new int[len];
            Y[c] = new int[len];
            for (int t = 0; t < len; t++) {
                X[c][t] = t == 0 && pick.nextBoolean() ? CharRnn.NONE : pick.nextInt(v);
                Y[c][t] = pick.nextInt(v);
            }
        }
        return new int[][][] {X, Y};
    }

    private static Gradients junkGradients(int nA, int v) {
        Gradients g = Gradients.zerosLike(RnnParameters.zeros(nA, v, v));
        for (String k : Gradients.NAMES) {
            g.get(k).fill(JUNK);
        }
        return g;
    }
}
