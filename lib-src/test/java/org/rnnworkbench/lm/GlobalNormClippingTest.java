package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.tensor.Ops;

/**
 * Clipping by the global norm: {@link Clip}'s rule-driven functions, the option, and the plain
 * {@link Trainer} with it against a loop written out from the library's parts, for both cells.
 */
class GlobalNormClippingTest {

    private static RnnParameters rnnParameters() {
        return CharRnn.initializeParameters(3, 4, 4);
    }

    /** Gradients whose entries are {@code scale·(i + 1)·(−1)^i}, name by name. */
    private static Gradients ramp(double scale) {
        Gradients g = Gradients.zerosLike(rnnParameters());
        int i = 0;
        for (String k : Gradients.NAMES) {
            DMatrixRMaj m = g.get(k);
            for (int e = 0; e < m.getNumElements(); e++, i++) {
                m.data[e] = scale * (i + 1) * (i % 2 == 0 ? 1 : -1);
            }
        }
        return g;
    }

    @Test
    void eachRuleCountsWhatItClipped() {
        Gradients g = ramp(1);
        Gradients byEntry = g.copy();
        assertEquals(g.numElements() - 5, Clip.clipInPlace(byEntry, ClipRule.ELEMENT_WISE, 5),
                "entries 6, 7, … are beyond 5");
        for (String k : Gradients.NAMES) {
            assertArrayEquals(Clip.clip(g, 5).get(k).data, byEntry.get(k).data, 0.0, k);
        }

        double norm = g.globalNorm();
        Gradients byNorm = g.copy();
        assertEquals(g.numElements(), Clip.clipInPlace(byNorm, ClipRule.GLOBAL_NORM, 5), "every entry is scaled");
        assertEquals(5, byNorm.globalNorm(), 1e-13);
        for (String k : Gradients.NAMES) {
            double[] before = g.get(k).data;
            double[] after = byNorm.get(k).data;
            for (int e = 0; e < before.length; e++) {
                assertEquals(before[e] * 5 / norm, after[e], 1e-15 * norm, k + " keeps its direction");
            }
        }

        Gradients roomy = g.copy();
        assertEquals(0, Clip.clipInPlace(roomy, ClipRule.GLOBAL_NORM, norm * 1.01), "below the bound");
        Gradients off = g.copy();
        assertEquals(0, Clip.clipInPlace(off, ClipRule.GLOBAL_NORM, Double.POSITIVE_INFINITY));
        for (String k : Gradients.NAMES) {
            assertArrayEquals(g.get(k).data, roomy.get(k).data, 0.0, k);
            assertArrayEquals(g.get(k).data, off.get(k).data, 0.0, k);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Clip.clipInPlace(g, ClipRule.GLOBAL_NORM, 0));
        assertTrue(e.getMessage().contains("bound"), e.getMessage());
    }

    @Test
    void theGlobalNormSurvivesSquaresThatOverflow() {
        Gradients huge = ramp(1e200);
        double small = ramp(1).globalNorm();
        assertEquals(small * 1e200, huge.globalNorm(), 1e-13 * small * 1e200, "not +∞");
        Gradients clipped = huge.copy();
        assertEquals(huge.numElements(), Clip.clipInPlace(clipped, ClipRule.GLOBAL_NORM, 2));
        assertEquals(2, clipped.globalNorm(), 1e-13);
        assertEquals(huge.dWaa().get(0, 0) / huge.globalNorm() * 2, clipped.dWaa().get(0, 0), 1e-15);

        Gradients beyond = ramp(2e306);
        assertEquals(Double.POSITIVE_INFINITY, beyond.globalNorm(), 0.0, "a norm past the largest double");
        assertEquals(beyond.numElements(), Clip.clipInPlace(beyond, ClipRule.GLOBAL_NORM, 1));
        assertEquals(1, beyond.globalNorm(), 1e-13, "still scaled to the bound");
    }

    @Test
    void gradientsThatAreNotFiniteAreLeftForTheGuard() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Gradients g = ramp(1);
            g.dWya().set(1, 1, bad);
            Gradients before = g.copy();
            assertEquals(0, Clip.clipInPlace(g, ClipRule.GLOBAL_NORM, 1));
            for (String k : Gradients.NAMES) {
                assertArrayEquals(before.get(k).data, g.get(k).data, 0.0, k + " with " + bad);
            }
            RnnParameters p = rnnParameters();
            DivergenceGuard.Problem problem = new DivergenceGuard(p).check(1.0, g, p, 0.01);
            assertEquals(new DivergenceGuard.Problem("dWya", bad), problem);
        }
    }

    @Test
    void gruGradientsAreClippedByTheirGlobalNormToo() {
        GruParameters p = CharGru.initializeParameters(3, 4, 4);
        GruLmGradients g = CharGru.gruBackward(CharGru.gruForward(new int[] {CharRnn.NONE, 1, 2}, new int[] {1, 2, 0},
                new DMatrixRMaj(3, 1), p).cache(), p).gradients();
        double norm = Clip.globalNorm(g);
        double sq = 0;
        for (String k : g.names()) {
            for (double v : g.get(k).data) {
                sq += v * v;
            }
        }
        assertEquals(Math.sqrt(sq), norm, 0.0);
        assertEquals(norm, Clip.clipGlobalNormInPlace(g, norm / 3), 0.0, "returns the norm before");
        assertEquals(norm / 3, Clip.globalNorm(g), 1e-15 * norm);
    }

    @Test
    void theOptionKeepsTheAssignmentsDefaultAndNamesBadBounds() {
        TrainingOptions d = TrainingOptions.builder().build();
        assertEquals(ClipRule.ELEMENT_WISE, d.clipRule());
        assertEquals(Optimize.MAX_VALUE, d.clipValue(), 0.0);
        TrainingOptions n = TrainingOptions.builder().clipGlobalNorm(2.5).build();
        assertEquals(ClipRule.GLOBAL_NORM, n.clipRule());
        assertEquals(2.5, n.clipValue(), 0.0);
        assertTrue(n.clipping());
        assertEquals(ClipRule.ELEMENT_WISE, n.toBuilder().clipValue(3).build().clipRule(), "clipValue is element-wise");
        assertEquals(d.toBuilder().noClipping().build(), n.toBuilder().noClipping().build(), "one way to be off");
        assertFalse(n.toBuilder().clipGlobalNorm(Double.POSITIVE_INFINITY).build().clipping());
        assertEquals(n, TrainingOptions.builder().clip(ClipRule.GLOBAL_NORM, 2.5).build());

        for (double bad : new double[] {0, -1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingOptions.builder().clipGlobalNorm(bad).build());
            assertTrue(e.getMessage().startsWith("maxNorm (the global-norm clipping bound) must be positive")
                    && e.getMessage().endsWith("but was " + bad), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.builder().clipValue(bad).build());
            assertTrue(e.getMessage().startsWith("clipValue must be positive"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.builder().clip(null, 5).build());
        assertTrue(e.getMessage().startsWith("clipRule is null"), e.getMessage());
        assertEquals(ClipRule.GLOBAL_NORM, ClipRule.fromId("global_norm"));
        e = assertThrows(IllegalArgumentException.class, () -> ClipRule.fromId("norm"));
        assertTrue(e.getMessage().contains("'norm'") && e.getMessage().contains("element_wise"), e.getMessage());
    }

    /** Options that clip often: element names, 16 units, a large step and a small bound. */
    private static TrainingOptions.Builder clippingOften() {
        return TrainingResumeTest.options().iterations(600).learningRate(0.05).clipGlobalNorm(6);
    }

    @Test
    void theRnnTrainerIsTheLoopWrittenOut() throws IOException {
        Dataset data = TrainingResumeTest.data();
        TrainingOptions options = clippingOften().build();
        TrainingResult r = Trainer.model(data, options);

        Vocabulary v = data.vocabulary();
        RnnParameters p = CharRnn.initializeParameters(options.nA(), v.size(), v.size(), options.initSeed());
        int[] order = TrainingState.shuffledOrder(data.size());
        DMatrixRMaj aPrev = new DMatrixRMaj(options.nA(), 1);
        double loss = CharRnn.initialLoss(v.size(), options.samplesPerCheckpoint());
        int scaled = 0;
        for (int j = 0; j < options.iterations(); j++) {
            String example = data.example(order[j % data.size()]);
            CharRnn.Forward f = CharRnn.rnnForward(Trainer.inputsOf(example, v), Trainer.targetsOf(example, v), aPrev,
                    p);
            Gradients g = CharRnn.rnnBackward(f.cache(), p).gradients();
            double before = Clip.clipGlobalNormInPlace(g, options.clipValue());
            CharRnn.updateParameters(p, g, options.learningRate());
            loss = CharRnn.smooth(loss, f.loss());
            aPrev = f.cache().aLast();

            TrainingHistory h = r.history();
            assertEquals(f.loss(), h.loss(j), 0.0, "loss at " + j);
            assertEquals(loss, h.smoothedLoss(j), 0.0, "smoothed loss at " + j);
            double normBefore = historyGlobalNorm(h, j, false);
            double normAfter = historyGlobalNorm(h, j, true);
            assertEquals(before, normBefore, 1e-12 * before, "norm before clipping at " + j);
            assertEquals(Math.min(before, options.clipValue()), normAfter, 1e-12 * before, "norm after at " + j);
            assertEquals(before > options.clipValue() ? 1.0 : 0.0, h.clippedFraction(j), 0.0, "clipped flag at " + j);
            scaled += before > options.clipValue() ? 1 : 0;
        }
        assertTrue(scaled > 50 && scaled < options.iterations() - 50, scaled + " of 600 iterations were clipped");
        for (String k : RnnParameters.NAMES) {
            assertArrayEquals(p.get(k).data, r.parameters().get(k).data, 0.0, k + " bit for bit");
        }
        assertArrayEquals(aPrev.data, r.aLast().data, 0.0);

        TrainingResult byEntry = Trainer.model(data, clippingOften().clipValue(6).build());
        assertNotEquals(byEntry.loss(), r.loss(), "the two rules train differently");
    }

    /** sqrt(Σ norm²) over the history's per-gradient norms at row {@code i}, before or after clipping. */
    static double historyGlobalNorm(TrainingHistory h, int i, boolean after) {
        double s = 0;
        for (String k : h.gradientNames()) {
            double n = after ? h.clippedNorm(i, k) : h.norm(i, k);
            s += n * n;
        }
        return Math.sqrt(s);
    }

    @Test
    void theGruTrainerIsTheLoopWrittenOut() throws IOException {
        Dataset data = TrainingResumeTest.data();
        TrainingOptions options = clippingOften().iterations(250).nA(8).cell(CellKind.GRU).learningRate(0.5)
                .clipGlobalNorm(4).build();
        TrainingResult r = Trainer.model(data, options);

        Vocabulary v = data.vocabulary();
        GruParameters p = CharGru.initializeParameters(options.nA(), v.size(), v.size(), options.initSeed());
        int[] order = TrainingState.shuffledOrder(data.size());
        DMatrixRMaj aPrev = new DMatrixRMaj(options.nA(), 1);
        int scaled = 0;
        for (int j = 0; j < options.iterations(); j++) {
            String example = data.example(order[j % data.size()]);
            CharGru.Result step = CharGru.lossAndGradients(Trainer.inputsOf(example, v), Trainer.targetsOf(example, v),
                    aPrev, p, Double.POSITIVE_INFINITY, null);
            double before = Clip.clipGlobalNormInPlace(step.gradients(), options.clipValue());
            CharGru.updateParameters(p, step.gradients(), options.learningRate());
            aPrev = step.aLast();
            assertEquals(step.loss(), r.history().loss(j), 0.0, "loss at " + j);
            assertEquals(Math.min(before, options.clipValue()), historyGlobalNorm(r.history(), j, true), 1e-12 * before);
            scaled += before > options.clipValue() ? 1 : 0;
        }
        assertTrue(scaled > 25 && scaled < options.iterations() - 25, scaled + " of 250 iterations were clipped");
        for (String k : GruParameters.NAMES) {
            assertArrayEquals(p.get(k).data, r.gruParameters().get(k).data, 0.0, k + " bit for bit");
            assertTrue(Ops.allFinite(r.gruParameters().get(k)));
        }
    }

    @Test
    void anUnboundedGlobalNormIsNoClippingAtAll() throws IOException {
        Dataset data = TrainingResumeTest.data();
        TrainingResult off = Trainer.model(data, clippingOften().iterations(200).noClipping().build());
        TrainingResult inf = Trainer.model(data, clippingOften().iterations(200).clipGlobalNorm(Double.POSITIVE_INFINITY)
                .build());
        assertArrayEquals(off.history().losses(), inf.history().losses(), 0.0);
        assertEquals(off.state(), inf.state());
    }

    @Test
    void aDivergenceUnderTheGlobalNormIsCaughtWithTheLastGoodState() throws IOException {
        Dataset data = TrainingResumeTest.data();
        for (CellKind cell : CellKind.values()) {
            TrainingOptions options = TrainingResumeTest.options().nA(8).iterations(400).cell(cell).learningRate(1e300)
                    .clipGlobalNorm(5).build();
            DivergenceException e = assertThrows(DivergenceException.class, () -> Trainer.model(data, options));
            assertTrue(e.getMessage().startsWith("training diverged at iteration " + e.iteration() + ": "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("Lower the learning rate (now 1.0E300) or lower the global-norm clipping "
                    + "bound (now 5.0)."), e.getMessage());
            assertFalse(Double.isFinite(e.value()));
            TrainingResult good = e.result();
            assertEquals(e.iteration(), good.history().size());
            for (String k : good.cellParameters().names()) {
                assertTrue(Ops.allFinite(good.cellParameters().get(k)), cell + " " + k + " is finite");
            }
            TrainingResult stoppedBefore = Trainer.model(data, options.toBuilder().iterations(e.iteration()).build());
            assertEquals(stoppedBefore.state(), good.state(), cell + ": the parameters of the last good iteration");
        }
    }
}
