package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.train.FastGruTrainer;
import org.rnnworkbench.train.FastTrainer;

/**
 * Runs whose memory does not grow with the number of iterations: the streamed history gives the
 * rows of the kept one, a stop request ends a run with a state that continues it exactly, and the
 * default (every row kept) is unchanged.
 */
class BoundedRunTest {
    private static final Dataset DATA = Dataset.fromText("ab\nabc\nba\ncab\nbb\n", "five names");

    private interface Run {
        TrainingResult train(Dataset d, TrainingOptions o);
    }

    private static final List<Run> TRAINERS = List.of(Trainer::model, FastTrainer::model);

    private static TrainingOptions.Builder options() {
        return TrainingOptions.builder().iterations(40).nA(5).sampleEvery(10).samplesPerCheckpoint(2);
    }

    private static List<String> csvRows(TrainingHistory kept) {
        List<String> rows = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        double[] n = new double[kept.gradientNames().size()];
        double[] c = new double[n.length];
        for (int i = 0; i < kept.size(); i++) {
            for (int k = 0; k < n.length; k++) {
                n[k] = kept.norm(i, kept.gradientNames().get(k));
                c[k] = kept.clippedNorm(i, kept.gradientNames().get(k));
            }
            line.setLength(0);
            TrainingHistory.appendCsvRow(line, kept.iteration(i), kept.loss(i), kept.smoothedLoss(i), n, c, 0, n.length,
                    kept.clippedFraction(i));
            rows.add(line.toString());
        }
        return rows;
    }

    @Test
    void streamedRowsAreTheKeptRowsAndNothingIsKept() {
        for (Run trainer : TRAINERS) {
            TrainingResult kept = trainer.train(DATA, options().build());
            List<String> streamed = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            TrainingResult bounded = trainer.train(DATA, options().streamHistory((j, loss, smoothed, norms, clipped,
                    fraction) -> {
                line.setLength(0);
                TrainingHistory.appendCsvRow(line, j, loss, smoothed, norms, clipped, 0, norms.length, fraction);
                streamed.add(line.toString());
            }).build());
            assertEquals(csvRows(kept.history()), streamed);
            assertEquals(0, bounded.history().size(), "a streamed history keeps no rows");
            assertEquals(40, bounded.history().recorded());
            assertTrue(bounded.history().isStreamed());
            assertEquals("", bounded.log(), "a streamed run keeps no log text");
            assertEquals(kept.history().checkpoints().size(), bounded.history().checkpoints().size());
            assertArrayEquals(kept.parameters().Waa().data, bounded.parameters().Waa().data);
            // The default keeps every row, as notebooks plot them.
            assertEquals(40, kept.history().size());
            assertTrue(kept.log().startsWith("Iteration: 0,"));
        }
    }

    @Test
    void aStreamedHistoryKeepsOnlyTheLastCheckpoints() {
        TrainingResult r = Trainer.model(DATA, options().iterations(100).sampleEvery(1)
                .streamHistory((j, loss, smoothed, norms, clipped, fraction) -> { }).build());
        assertEquals(TrainingHistory.STREAMED_CHECKPOINTS, r.history().checkpoints().size());
        assertEquals(99, r.history().checkpoints().get(TrainingHistory.STREAMED_CHECKPOINTS - 1).iteration());
    }

    @Test
    void aStoppedRunContinuesAsIfNeverStopped() {
        List<Run> trainers = List.of(Trainer::model, FastTrainer::model, FastGruTrainer::model);
        List<CellKind> cells = List.of(CellKind.RNN, CellKind.RNN, CellKind.GRU);
        for (int t = 0; t < trainers.size(); t++) {
            TrainingOptions full = options().cell(cells.get(t)).build();
            TrainingResult whole = trainers.get(t).train(DATA, full);
            AtomicInteger asked = new AtomicInteger();
            TrainingResult first = trainers.get(t).train(DATA, full.toBuilder()
                    .stopWhen(() -> asked.incrementAndGet() >= 13).build());
            assertEquals(13, first.iterations(), "stopped after the 13th iteration");
            TrainingResult rest = t == 0 ? Trainer.model(DATA, full, first.state())
                    : t == 1 ? FastTrainer.model(DATA, full, first.state()) : FastGruTrainer.model(DATA, full, first.state());
            assertEquals(40, rest.iterations());
            assertEquals(whole.loss(), rest.loss(), 1e-12);
            assertEquals(whole.history().loss(39), rest.history().loss(26), 1e-12);
        }
    }

    @Test
    void anyPositiveTemperatureGivesProbabilities() {
        for (double t : new double[] {4.9e-324, 1e-320, 1e-308, 1e-3, 1, 1e308}) {
            DMatrixRMaj z = new DMatrixRMaj(new double[][] {{3}, {-1e300}, {2}, {3}});
            Sampler.scaleLogits(z, t);
            DMatrixRMaj y = org.rnnworkbench.tensor.Ops.softmaxColumns(z, new DMatrixRMaj(4, 1));
            double sum = 0;
            for (double p : y.data) {
                assertTrue(p >= 0 && p <= 1, "t = " + t + ": " + p);
                sum += p;
            }
            assertEquals(1, sum, 1e-12, "t = " + t);
            assertEquals(y.data[0], y.data[3], 0, "ties stay ties");
        }
        DMatrixRMaj tiny = new DMatrixRMaj(new double[][] {{3}, {2}});
        Sampler.scaleLogits(tiny, 1e-320);
        assertEquals(0, tiny.data[0]);
        assertEquals(Double.NEGATIVE_INFINITY, tiny.data[1], "exp gives probability 0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sampler.scaleLogits(new DMatrixRMaj(new double[][] {{1}, {Double.POSITIVE_INFINITY}}), 1));
        assertTrue(e.getMessage().contains("character index 1 is Infinity"), e.getMessage());
    }

    @Test
    void aByteOrderMarkIsDroppedAndWideCharactersAreLocated() throws IOException {
        Dataset d = Dataset.fromUtf8("\uFEFFab\nc\n".getBytes(StandardCharsets.UTF_8), "f.txt");
        assertEquals(List.of("ab", "c"), d.examples());
        assertEquals("\nabc", d.vocabulary().chars());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.fromText("ab\r\ncd\rx\u00e9\uD83D\uDE00\n", "f.txt"));
        assertEquals("f.txt:3:3: U+1F600 is outside the Basic Multilingual Plane; only characters up to U+FFFF are "
                + "supported", e.getMessage());
    }
}
