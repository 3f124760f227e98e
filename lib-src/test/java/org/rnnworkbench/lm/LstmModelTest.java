package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.Golden;

/** The training loop with {@code cell(CellKind.LSTM)} against the NumPy LSTM model's first 2,001 iterations. */
class LstmModelTest {
    private static final double LOSS_TOL = 1e-9;
    private static final JsonObject EXPECTED = Golden.load("lm_lstm_model_elements.json");
    private static TrainingResult result;
    private static String log;

    @TempDir
    Path dir;

    private static TrainingOptions.Builder options() {
        return TrainingOptions.builder()
                .cell(CellKind.LSTM)
                .iterations(EXPECTED.get("iterations").getAsInt())
                .nA(EXPECTED.get("n_a").getAsInt())
                .samplesPerCheckpoint(EXPECTED.get("samples").getAsInt())
                .learningRate(EXPECTED.get("learning_rate").getAsDouble());
    }

    private static synchronized TrainingResult run() throws IOException {
        if (result == null) {
            StringBuilder text = new StringBuilder();
            result = Trainer.model(Path.of(EXPECTED.get("data").getAsString()), options().log(text::append).build());
            log = text.toString();
        }
        return result;
    }

    @Test
    void lossesMatchNumpyForEveryIteration() throws IOException {
        TrainingHistory h = run().history();
        assertEquals(EXPECTED.get("iterations").getAsInt(), h.size());
        assertRelative("loss", Golden.data(EXPECTED.get("loss")), h.losses());
        assertRelative("smoothed loss", Golden.data(EXPECTED.get("smoothed_loss")), h.smoothedLosses());
    }

    @Test
    void logAndCheckpointSamplesAreIdentical() throws IOException {
        TrainingResult r = run();
        assertEquals(EXPECTED.get("log").getAsString(), log, "log text");
        assertEquals(log, r.log());
        JsonArray expected = EXPECTED.getAsJsonArray("checkpoints");
        assertEquals(expected.size(), r.history().checkpoints().size());
        for (int c = 0; c < expected.size(); c++) {
            JsonArray names = expected.get(c).getAsJsonObject().getAsJsonArray("indices");
            for (int s = 0; s < names.size(); s++) {
                assertArrayEquals(LmFixtures.indices(names.get(s)), r.history().checkpoints().get(c).indices().get(s),
                        "checkpoint " + c + ", sample " + s);
            }
        }
    }

    @Test
    void historyHasTheLstmGradientColumnsAndNorms() throws IOException {
        TrainingHistory h = run().history();
        List<String> names = new ArrayList<>();
        for (JsonElement n : EXPECTED.getAsJsonArray("norm_columns")) {
            names.add(n.getAsString());
        }
        assertEquals(LstmLmGradients.NAMES, names);
        assertEquals(LstmLmGradients.NAMES, h.gradientNames());
        assertEquals(TrainingHistory.columns(LstmLmGradients.NAMES), h.toTable().columnNames());
        assertTrue(h.toTable().columnNames().contains("clipped_norm_dbf"));
        JsonArray norms = EXPECTED.getAsJsonArray("norms");
        JsonArray clipped = EXPECTED.getAsJsonArray("clipped_norms");
        double[] fraction = Golden.data(EXPECTED.get("clipped_fraction"));
        for (int i = 0; i < norms.size(); i++) {
            double[] e = Golden.data(norms.get(i));
            double[] ec = Golden.data(clipped.get(i));
            for (int k = 0; k < names.size(); k++) {
                assertRelative("norm " + names.get(k) + " at " + i, new double[] {e[k]}, new double[] {h.norm(i, names.get(k))});
                assertRelative("clipped norm " + names.get(k) + " at " + i, new double[] {ec[k]},
                        new double[] {h.clippedNorm(i, names.get(k))});
            }
            assertEquals(fraction[i], h.clippedFraction(i), 0, "clipped fraction at " + i);
        }
    }

    @Test
    void csvHeaderNamesTheLstmGradients() throws IOException {
        Path csv = dir.resolve("history.csv");
        run().history().writeCsv(csv);
        String header = Files.readAllLines(csv).get(0);
        assertEquals(String.join(",", TrainingHistory.columns(LstmLmGradients.NAMES)), header);
    }

    @Test
    void finalParametersMatchNumpy() throws IOException {
        TrainingResult r = run();
        assertEquals(CellKind.LSTM, r.state().cell());
        JsonObject fin = EXPECTED.getAsJsonObject("final_parameters");
        for (String k : r.lstmParameters().names()) {
            Golden.assertClose("final " + k, fin.get(k), r.lstmParameters().get(k), 1e-8);
        }
        Golden.assertClose("a_last", EXPECTED.get("a_last"), r.aLast(), 1e-8);
        Golden.assertClose("c_last", EXPECTED.get("c_last"), r.cLast(), 1e-8);
        IllegalStateException e = assertThrows(IllegalStateException.class, r::parameters);
        assertTrue(e.getMessage().contains("LSTM") && e.getMessage().contains("lstmParameters()"), e.getMessage());
        e = assertThrows(IllegalStateException.class, r::gruParameters);
        assertTrue(e.getMessage().contains("not GRU parameters"), e.getMessage());
    }

    @Test
    void resumingFromASnapshotGivesTheSameRunBitForBit() throws IOException {
        Dataset data = Dataset.load(Path.of(EXPECTED.get("data").getAsString()));
        TrainingOptions short_ = options().iterations(150).sampleEvery(50).build();
        TrainingResult whole = Trainer.model(data, short_);
        List<TrainingState> snapshots = new ArrayList<>();
        Trainer.model(data, short_.toBuilder().iterations(70).snapshots(70, s -> snapshots.add(s.copy())).build());
        assertEquals(1, snapshots.size());
        TrainingState snapshot = snapshots.get(0);
        TrainingResult resumed = Trainer.model(data, short_, snapshot);
        assertEquals(whole.state(), resumed.state());
        assertTrue(whole.log().endsWith(resumed.log()));
        assertArrayEquals(Arrays.copyOfRange(whole.history().losses(), 70, 150), resumed.history().losses());

        // The memory cell is part of the state: continuing with c forgotten is another run.
        TrainingState forgetful = new TrainingState(snapshot.cellParameters(), snapshot.iteration(),
                snapshot.smoothedLoss(), snapshot.aPrev(), new DMatrixRMaj(snapshot.aPrev().numRows, 1), snapshot.order());
        assertNotEquals(0.0, NormOps_DDRM.normF(snapshot.cPrev()));
        assertNotEquals(whole.state(), Trainer.model(data, short_, forgetful).state());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.model(data, short_.toBuilder().cell(CellKind.RNN).build(), snapshot));
        assertTrue(e.getMessage().contains("LSTM"), e.getMessage());
        TrainingState bad = snapshot.copy();
        bad.cPrev().set(0, 0, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> Trainer.model(data, short_, bad));
        assertTrue(e.getMessage().contains("cPrev"), e.getMessage());
    }

    @Test
    void divergenceStopsWithTheLastGoodLstmParameters() throws IOException {
        Dataset data = Dataset.load(Path.of(EXPECTED.get("data").getAsString()));
        TrainingOptions wild = options().iterations(500).learningRate(1e308).noClipping().build();
        DivergenceException e = assertThrows(DivergenceException.class, () -> Trainer.model(data, wild));
        TrainingState good = e.result().state();
        assertEquals(CellKind.LSTM, good.cell());
        for (String k : good.cellParameters().names()) {
            for (double d : good.cellParameters().get(k).data) {
                assertTrue(Double.isFinite(d), k);
            }
        }
    }

    private static void assertRelative(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double rel = Math.abs(expected[i] - actual[i]) / Math.max(Math.abs(expected[i]), Math.abs(actual[i]));
            if (!(rel <= worst)) {
                worst = rel;
                at = i;
            }
        }
        assertTrue(worst <= LOSS_TOL, what + ": relative difference " + worst + " at iteration " + at);
    }
}
