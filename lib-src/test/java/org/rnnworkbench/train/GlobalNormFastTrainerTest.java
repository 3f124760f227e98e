package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.Clip;
import org.rnnworkbench.lm.ClipRule;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.DivergenceException;
import org.rnnworkbench.lm.Gradients;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingHistory;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.tensor.Ops;

/**
 * The fast loop with global-norm clipping against the plain {@link Trainer}, with the tolerances of
 * {@link FastTrainerTest}: the scaled step {@code w −= (lr·s)·g} equals {@code w −= lr·(s·g)} to rounding.
 */
class GlobalNormFastTrainerTest {
    private static final double PLAIN_TOL = 1e-12;

    @Test
    void matchesThePlainTrainerOnRandomConfigurations() {
        SplittableRandom pick = new SplittableRandom(33);
        int clippedSomewhere = 0;
        for (int trial = 0; trial < 8; trial++) {
            Dataset data = FastTrainerTest.randomDataset(pick);
            int iterations = 200 + pick.nextInt(200);
            TrainingOptions.Builder b = TrainingOptions.builder().iterations(iterations).nA(2 + pick.nextInt(40))
                    .samplesPerCheckpoint(1 + pick.nextInt(4)).sampleEvery(50 + pick.nextInt(100))
                    .learningRate(new double[] {0.01, 0.03, 0.1}[pick.nextInt(3)])
                    .clipGlobalNorm(new double[] {5.0, 1.0, 0.2}[pick.nextInt(3)]);
            StringBuilder plainLog = new StringBuilder();
            StringBuilder fastLog = new StringBuilder();
            TrainingResult plain = Trainer.model(data, b.log(plainLog::append).build());
            TrainingResult fast = FastTrainer.model(data, b.log(fastLog::append).build());
            String what = "trial " + trial + " " + b.build();

            FastTrainerTest.assertRelative(what + " loss", plain.history().losses(), fast.history().losses(), PLAIN_TOL);
            FastTrainerTest.assertRelative(what + " smoothed", plain.history().smoothedLosses(),
                    fast.history().smoothedLosses(), PLAIN_TOL);
            assertEquals(plainLog.toString(), fastLog.toString(), what + " log");
            TrainingHistory ph = plain.history();
            TrainingHistory fh = fast.history();
            for (int i = 0; i < iterations; i++) {
                for (String k : Gradients.NAMES) {
                    FastTrainerTest.assertRelative(what + " norm " + k + " at " + i, new double[] {ph.norm(i, k)},
                            new double[] {fh.norm(i, k)}, 1e-10);
                    FastTrainerTest.assertRelative(what + " clipped norm " + k + " at " + i,
                            new double[] {ph.clippedNorm(i, k)}, new double[] {fh.clippedNorm(i, k)}, 1e-10);
                }
                assertEquals(ph.clippedFraction(i), fh.clippedFraction(i), 0, what + " clipped flag at " + i);
                clippedSomewhere += (int) fh.clippedFraction(i);
            }
            for (String k : RnnParameters.NAMES) {
                FastCharRnnTest.assertCloseInNorm(what + " final " + k, plain.parameters().get(k).data,
                        fast.parameters().get(k).data, 1e-11);
            }
            FastCharRnnTest.assertCloseInNorm(what + " aLast", plain.aLast().data, fast.aLast().data, 1e-11);
        }
        assertTrue(clippedSomewhere > 200, clippedSomewhere + " clipped iterations in all");
    }

    @Test
    void theElementNamesAgreeWithThePlainLoopAndTheRulesDiffer() throws IOException {
        TrainingOptions options = FastTrainerStateTest.options().iterations(800).learningRate(0.05).clipGlobalNorm(6)
                .build();
        TrainingResult plain = Trainer.model(FastTrainerStateTest.data(), options);
        TrainingResult fast = FastTrainer.model(FastTrainerStateTest.data(), options);
        FastTrainerTest.assertRelative("losses", plain.history().losses(), fast.history().losses(), PLAIN_TOL);
        assertEquals(plain.log(), fast.log());
        int scaled = 0;
        for (int i = 0; i < 800; i++) {
            double before = norm(fast.history(), i, false);
            double after = norm(fast.history(), i, true);
            assertEquals(Math.min(before, 6), after, 1e-12 * before, "the norm after clipping at " + i);
            assertEquals(before > 6 ? 1.0 : 0.0, fast.history().clippedFraction(i), 0.0, "the flag at " + i);
            scaled += before > 6 ? 1 : 0;
        }
        assertTrue(scaled > 100 && scaled < 700, scaled + " of 800 iterations clipped");

        TrainingResult byEntry = FastTrainer.model(FastTrainerStateTest.data(), options.toBuilder().clipValue(6).build());
        assertTrue(Math.abs(byEntry.loss() - fast.loss()) > 1e-6, "the two rules train differently");
    }

    private static double norm(TrainingHistory h, int i, boolean after) {
        double s = 0;
        for (String k : h.gradientNames()) {
            double n = after ? h.clippedNorm(i, k) : h.norm(i, k);
            s += n * n;
        }
        return Math.sqrt(s);
    }

    @Test
    void divergenceUnderEitherRuleStopsBothLoopsAlike() throws IOException {
        for (TrainingOptions options : new TrainingOptions[] {
            FastTrainerStateTest.options().learningRate(1e300).clipGlobalNorm(5).build(),
            FastTrainerStateTest.options().learningRate(200).clipGlobalNorm(Double.POSITIVE_INFINITY).build(),
            FastTrainerStateTest.options().learningRate(1e300).clipValue(5).build()}) {
            DivergenceException plain = assertThrows(DivergenceException.class,
                    () -> Trainer.model(FastTrainerStateTest.data(), options));
            DivergenceException fast = assertThrows(DivergenceException.class,
                    () -> FastTrainer.model(FastTrainerStateTest.data(), options));
            assertEquals(plain.getMessage(), fast.getMessage());
            String advice = !options.clipping() ? "turn gradient clipping on"
                    : options.clipRule() == ClipRule.GLOBAL_NORM ? "lower the global-norm clipping bound (now 5.0)"
                    : "lower the clipping bound (now 5.0)";
            assertTrue(fast.getMessage().contains(advice), fast.getMessage());
            TrainingResult good = fast.result();
            assertEquals(fast.iteration(), good.history().size());
            for (String k : RnnParameters.NAMES) {
                assertTrue(Ops.allFinite(good.parameters().get(k)), k + " is finite");
            }
            TrainingResult stoppedBefore = FastTrainer.model(FastTrainerStateTest.data(),
                    options.toBuilder().iterations(fast.iteration()).build());
            assertEquals(stoppedBefore.state(), good.state(), "the parameters of the last good iteration");
        }
    }

    /** The scale of the step, from the five norms, and from the entries when their squares overflow. */
    @Test
    void theScaleIsThatOfThePlainGlobalNormEvenWhenTheSquaresOverflow() {
        RnnParameters p = CharRnn.initializeParameters(6, 5, 5);
        FastCharRnn rnn = new FastCharRnn(p, 8);
        rnn.optimize(new int[] {CharRnn.NONE, 1, 2}, new int[] {1, 2, 0}, 0.01, Double.POSITIVE_INFINITY);
        rnn.lossAndGradients(new int[] {CharRnn.NONE, 3, 4, 3}, new int[] {3, 4, 3, 0});
        Gradients g = Gradients.zerosLike(p);

        assertTrue(rnn.measureGradients());
        rnn.copyGradients(g);
        double norm = Clip.globalNorm(g);
        assertEquals(norm / 2 / norm, ClipUpdate.globalNormScale(rnn, norm / 2), 1e-14);
        assertEquals(1.0, ClipUpdate.globalNormScale(rnn, norm * 1.001), 0.0);
        assertEquals(1.0, ClipUpdate.globalNormScale(rnn, Double.POSITIVE_INFINITY), 0.0);

        rnn.dWaa[2][3] = 3e200;
        rnn.dWya[0][1] = -4e200;
        assertTrue(!rnn.measureGradients(), "the squares overflow");
        rnn.copyGradients(g);
        double big = Clip.globalNorm(g);
        assertEquals(5e200, big, 1e-12 * big);
        assertEquals(7 / big, ClipUpdate.globalNormScale(rnn, 7), 1e-12 * 7 / big);

        rnn.dby[1] = Double.POSITIVE_INFINITY;
        rnn.measureGradients();
        assertEquals(1.0, ClipUpdate.globalNormScale(rnn, 7), 0.0, "nothing to scale: the guard stops on it");
    }
}
