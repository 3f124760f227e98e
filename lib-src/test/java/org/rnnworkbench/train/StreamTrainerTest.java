package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CharRnn;
import org.rnnworkbench.lm.CharStream;
import org.rnnworkbench.lm.Clip;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Gradients;
import org.rnnworkbench.lm.LearningRateDecay;
import org.rnnworkbench.lm.Truncation;
import org.rnnworkbench.lm.TruncatedBptt;
import tech.tablesaw.api.Table;

class StreamTrainerTest {
    private static CharStream elements() throws IOException {
        return CharStream.of(Dataset.load(Path.of("data/element_list.txt")));
    }

    private static void assertParametersClose(RnnParameters expected, RnnParameters actual, double tol) {
        for (String name : RnnParameters.NAMES) {
            DMatrixRMaj e = expected.get(name);
            DMatrixRMaj a = actual.get(name);
            for (int i = 0; i < e.getNumElements(); i++) {
                assertEquals(e.data[i], a.data[i], tol * Math.max(1, Math.abs(e.data[i])), name + "[" + i + "]");
            }
        }
    }

    /** The plain reference loop: {@link TruncatedBptt#step} over the windows the definition gives. */
    private static double[] plainLoop(CharStream s, StreamOptions o, RnnParameters p, DMatrixRMaj[] state) {
        Truncation tr = o.truncation();
        DMatrixRMaj a = new DMatrixRMaj(o.nA(), 1);
        double[] perChar = new double[o.sequences()];
        long position = 0;
        long update = 0;
        for (int q = 0; q < o.sequences(); q++) {
            for (int w = 0; w < tr.windowsPerSequence(); w++) {
                int[][] xy = s.window(position, tr.windowLength(w));
                double lr = o.decay().rate(o.learningRate(), update++, o.updates());
                TruncatedBptt.Window win = TruncatedBptt.step(xy[0], xy[1], a, p, lr, o.clipValue());
                perChar[q] += win.loss();
                a = win.aLast();
                position += tr.windowLength(w);
            }
            perChar[q] /= tr.sequenceLength();
        }
        state[0] = a;
        return perChar;
    }

    @Test
    void fullTruncationIsOneOrdinaryBpttStepPerSequence() throws IOException {
        CharStream s = elements();
        int L = 40;
        StreamOptions o = StreamOptions.builder().truncation(Truncation.full(L)).nA(12).sequences(1).build();
        StreamResult r = StreamTrainer.train(s, o);

        int V = s.vocabulary().size();
        RnnParameters p = CharRnn.initializeParameters(12, V, V, 1);
        int[][] xy = s.window(0, L);
        CharRnn.Forward f = CharRnn.rnnForward(xy[0], xy[1], new DMatrixRMaj(12, 1), p);
        Gradients g = CharRnn.rnnBackward(f.cache(), p).gradients();
        Clip.clipInPlace(g, 5);
        CharRnn.updateParameters(p, g, 0.01);

        assertParametersClose(p, r.parameters(), 1e-12);
        assertEquals(f.loss() / L, r.lossPerCharacter()[0], 1e-12);
        assertArrayEquals(f.cache().aLast().data, r.aLast().data, 1e-12);
        assertEquals(1, r.updates());
        assertEquals(L, r.characters());
    }

    @Test
    void windowsFollowThePlainReferenceAcrossSequencesAndTheWrap() throws IOException {
        CharStream s = elements();
        // 7 does not divide 30: every sequence ends with a window of 2; 60 sequences pass the end of the stream.
        for (Truncation tr : List.of(Truncation.window(7, 30), Truncation.window(1, 30), Truncation.full(30))) {
            StreamOptions o = StreamOptions.builder().truncation(tr).nA(10).learningRate(0.05).clipValue(1)
                    .sequences(60).initSeed(3).build();
            assertTrue(o.characters() > s.length());
            StreamResult r = StreamTrainer.train(s, o);
            int V = s.vocabulary().size();
            RnnParameters p = CharRnn.initializeParameters(10, V, V, 3);
            DMatrixRMaj[] state = new DMatrixRMaj[1];
            double[] perChar = plainLoop(s, o, p, state);
            assertArrayEquals(perChar, r.lossPerCharacter(), 1e-10, tr.toString());
            assertParametersClose(p, r.parameters(), 1e-10);
            assertArrayEquals(state[0].data, r.aLast().data, 1e-10);
            assertEquals(60L * tr.windowsPerSequence(), r.updates());
        }
    }

    @Test
    void aDecayingLearningRateFollowsThePlainReferenceUpdateByUpdate() throws IOException {
        CharStream s = elements();
        Truncation tr = Truncation.window(7, 30);
        StreamOptions constant = StreamOptions.builder().truncation(tr).nA(10).learningRate(0.05).clipValue(1)
                .sequences(40).initSeed(3).build();
        int V = s.vocabulary().size();
        for (LearningRateDecay decay : List.of(LearningRateDecay.LINEAR, LearningRateDecay.COSINE)) {
            StreamOptions o = constant.toBuilder().decay(decay).build();
            assertEquals(decay, o.decay());
            StreamResult r = StreamTrainer.train(s, o);
            RnnParameters p = CharRnn.initializeParameters(10, V, V, 3);
            DMatrixRMaj[] state = new DMatrixRMaj[1];
            double[] perChar = plainLoop(s, o, p, state);
            assertArrayEquals(perChar, r.lossPerCharacter(), 1e-10, decay.id());
            assertParametersClose(p, r.parameters(), 1e-10);
            // The schedule changes the run: the same settings at a constant rate end elsewhere.
            double[] constantLoss = StreamTrainer.train(s, constant).lossPerCharacter();
            assertTrue(Math.abs(constantLoss[39] - r.lossPerCharacter()[39]) > 1e-3, decay.id());
            assertEquals(constantLoss[0], r.lossPerCharacter()[0], 0.05, decay.id() + ": same start");
        }
    }

    @Test
    void historyIsPerCharacterAndSmoothedOverTenThousandCharacters() throws IOException {
        StreamOptions o = StreamOptions.builder().truncation(Truncation.window(5, 50)).nA(8).sequences(25).build();
        StreamResult r = StreamTrainer.train(elements(), o);
        double beta = Math.pow(StreamResult.SMOOTHING, 50);
        double s = Math.log(r.vocabulary().size());
        for (int q = 0; q < 25; q++) {
            s = beta * s + (1 - beta) * r.lossPerCharacter()[q];
            assertEquals(s, r.smoothedLoss()[q], 1e-12);
        }
        assertEquals(s, r.loss(), 1e-12);
        double last5 = 0;
        for (int q = 20; q < 25; q++) {
            last5 += r.lossPerCharacter()[q] / 5;
        }
        assertEquals(last5, r.meanLoss(5), 1e-12);

        Table t = r.historyTable();
        assertEquals(List.of("sequence", "characters", "loss_per_char", "smoothed_loss_per_char"), t.columnNames());
        assertEquals(25, t.rowCount());
        assertEquals(1250L, t.longColumn("characters").get(24));

        double[][] c = r.curve(10);
        // 25 sequences in blocks of 3: 9 points, the last one over one sequence.
        assertEquals(9, c[0].length);
        assertEquals(150.0, c[0][0]);
        assertEquals(1250.0, c[0][8]);
        assertEquals((r.lossPerCharacter()[0] + r.lossPerCharacter()[1] + r.lossPerCharacter()[2]) / 3, c[1][0], 1e-12);
        assertEquals(r.lossPerCharacter()[24], c[1][8], 1e-12);
        assertEquals(25, r.curve(100)[0].length);

        assertEquals(8L * 5 * (8 + r.vocabulary().size()), r.activationCacheBytes());
        assertTrue(r.seconds() > 0 && (Double.isNaN(r.cpuSeconds()) || r.cpuSeconds() > 0), r.toString());
        String line = r.sampleLine(0, 30);
        assertEquals(line, r.sampleLine(0, 30));
        assertTrue(line.length() <= 30);
    }

    @Test
    void theLoopAllocatesNothingPerUpdate() throws IOException {
        CharStream s = elements();
        StreamOptions o = StreamOptions.builder().truncation(Truncation.window(2, 50)).nA(16).sequences(800).build();
        // The first runs may still execute in the interpreter or C1 (and the Vector API kernels then box
        // their vectors); on a busy machine the JIT can take several runs to compile the loop, so wait
        // for a quiet run, within a bound, instead of trusting the second one.
        StreamResult r = StreamTrainer.train(s, o);
        for (int run = 0; run < 40; run++) {
            r = StreamTrainer.train(s, o);
            if (r.allocatedBytes() < 32 * 1024) {
                break;
            }
        }
        if (r.allocatedBytes() < 0) {
            return;
        }
        // 20,000 updates; one object per update would be at least 320,000 bytes.
        assertTrue(r.allocatedBytes() < 32 * 1024, r.allocatedBytes() + " bytes in " + r.updates() + " updates");
        assertTrue(r.allocatedBytesPerUpdate() < 2, Double.toString(r.allocatedBytesPerUpdate()));
    }

    @Test
    void aDivergingRunSaysWhereAndWhatToChange() throws IOException {
        StreamOptions o = StreamOptions.builder().truncation(Truncation.window(10, 50)).nA(16).learningRate(1e6)
                .clipValue(Double.POSITIVE_INFINITY).sequences(50).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StreamTrainer.train(elements(), o));
        assertTrue(e.getMessage().contains("diverged at sequence") && e.getMessage().contains("learning rate")
                && e.getMessage().contains("clipping on"), e.getMessage());
    }

    @Test
    void badOptionsAreNamed() throws IOException {
        assertMessage(() -> StreamOptions.builder().truncation(null).build(), "truncation is null");
        assertMessage(() -> StreamOptions.builder().nA(0).build(), "nA must be positive");
        assertMessage(() -> StreamOptions.builder().learningRate(-1).build(), "learningRate");
        assertMessage(() -> StreamOptions.builder().clipValue(0).build(), "clipValue");
        assertMessage(() -> StreamOptions.builder().sequences(0).build(), "sequences must be positive");
        assertMessage(() -> StreamOptions.builder().initSeed(-1).build(), "initSeed");
        CharStream tiny = CharStream.of(List.of("ab"), elements().vocabulary(), "tiny");
        StreamOptions o = StreamOptions.builder().truncation(Truncation.window(5, 10)).build();
        assertMessage(() -> StreamTrainer.train(tiny, o), "the window of k=5/L=10 is longer than the stream tiny (3 steps)");
        assertEquals(o, o.toBuilder().build());
    }

    private static void assertMessage(Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
    }
}
