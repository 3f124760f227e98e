package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.CharStream;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.Truncation;
import tech.tablesaw.api.Table;

class SweepTest {
    private static Dataset elements() throws IOException {
        return Dataset.load(Path.of("data/element_list.txt"));
    }

    private static List<Sweep.Config> grid() {
        return List.of(
                new Sweep.Config("rnn-16", CellKind.RNN, 16, 0.01, 5, 600, 1),
                new Sweep.Config("rnn-32", CellKind.RNN, 32, 0.01, 5, 600, 2),
                new Sweep.Config("gru-8", CellKind.GRU, 8, 0.01, 5, 300, 1),
                new Sweep.Config("rnn-16-lr", CellKind.RNN, 16, 0.05, 5, 600, 1),
                new Sweep.Config("lstm-8", CellKind.LSTM, 8, 0.01, 5, 300, 3));
    }

    @Test
    void theTableIsTheSameWhateverTheThreadCount() throws IOException {
        Dataset data = elements();
        Table one = Sweep.of(data, grid()).threads(1).run().table();
        Table two = Sweep.of(data, grid()).threads(2).run().table();
        Table four = Sweep.of(data, grid()).threads(4).run().table();
        assertEquals(5, one.rowCount());
        assertEquals("lstm", one.stringColumn("cell").get(4));
        assertEquals(one.print(100), two.print(100));
        assertEquals(one.print(100), four.print(100));
        for (int i = 0; i < one.rowCount(); i++) {
            assertEquals(Double.doubleToLongBits(one.doubleColumn("final_smoothed_loss").get(i)),
                    Double.doubleToLongBits(four.doubleColumn("final_smoothed_loss").get(i)));
            assertEquals("ok", one.stringColumn("status").get(i));
        }
    }

    @Test
    void eachRunEqualsTheSameTrainingAlone() throws IOException {
        Dataset data = elements();
        Sweep.Result r = Sweep.of(data, grid()).threads(2).run();
        Sweep.Config c = grid().get(2);
        TrainingResult alone = FastGruTrainer.model(data, c.options());
        assertEquals(alone.state(), r.run("gru-8").result().state());
        assertEquals(Trainer.model(data, c.options()).loss(), alone.loss(), 1e-12 * alone.loss());
        TrainingResult lstm = r.run("lstm-8").result();
        assertEquals(CellKind.LSTM, lstm.state().cell());
        assertEquals(FastLstmTrainer.model(data, grid().get(4).options()).state(), lstm.state());
        assertEquals(Trainer.model(data, grid().get(4).options()).loss(), lstm.loss(), 1e-12 * lstm.loss());
        assertEquals(300, lstm.history().size());
        Sweep.Config rnn = grid().get(1);
        assertEquals(FastTrainer.model(data, rnn.options()).loss(), r.run("rnn-32").result().loss(), 0.0);
    }

    @Test
    void aFailingRunIsReportedAndTheOthersFinish() throws IOException {
        List<Sweep.Config> g = List.of(
                new Sweep.Config("fine", CellKind.RNN, 16, 0.01, 5, 400, 1),
                new Sweep.Config("explodes", CellKind.RNN, 16, 50, Double.POSITIVE_INFINITY, 400, 1),
                new Sweep.Config("also fine", CellKind.GRU, 8, 0.01, 5, 200, 1));
        Sweep.Result r = Sweep.of(elements(), g).threads(2).run();
        Table t = r.table();
        assertEquals(List.of("ok", "failed", "ok"), t.stringColumn("status").asList());
        assertFalse(r.run("explodes").succeeded());
        assertTrue(r.run("explodes").error().contains("diverged") || r.run("explodes").error().contains("iteration"),
                r.run("explodes").error());
        assertTrue(t.doubleColumn("final_smoothed_loss").isMissing(1));
        assertTrue(r.run("fine").succeeded() && r.run("also fine").succeeded());
    }

    private static List<Sweep.Config> truncatedGrid() {
        Sweep.Config base = new Sweep.Config("k", CellKind.RNN, 12, 0.02, 5, 120, 1);
        return List.of(
                new Sweep.Config("k=2", CellKind.RNN, 12, 0.02, 5, 120, 1, Truncation.window(2, 40)),
                base.withTruncation(Truncation.window(5, 40)),
                new Sweep.Config("k=13", CellKind.RNN, 12, 0.02, 5, 120, 1, Truncation.window(13, 40)),
                new Sweep.Config("full", CellKind.RNN, 12, 0.02, 5, 120, 1, Truncation.full(40)),
                new Sweep.Config("examples", CellKind.RNN, 12, 0.02, 5, 300, 1));
    }

    @Test
    void aGridOfTruncationsIsTheSameWhateverTheThreadCount() throws IOException {
        Dataset data = elements();
        Sweep.Result r1 = Sweep.of(data, truncatedGrid()).threads(1).run();
        Table one = r1.table();
        Table two = Sweep.of(data, truncatedGrid()).threads(2).run().table();
        Table three = Sweep.of(data, truncatedGrid()).threads(3).run().table();
        assertEquals(List.of("k=2/L=40", "k=5/L=40", "k=13/L=40", "full/L=40", "none"),
                one.stringColumn("truncation").asList());
        assertEquals(one.print(100), two.print(100));
        assertEquals(one.print(100), three.print(100));
        for (int i = 0; i < one.rowCount(); i++) {
            assertEquals("ok", one.stringColumn("status").get(i), one.print(100));
            assertEquals(Double.doubleToLongBits(one.doubleColumn("final_smoothed_loss").get(i)),
                    Double.doubleToLongBits(three.doubleColumn("final_smoothed_loss").get(i)));
        }
        // The stream runs are the trainer's alone; the row without truncation trains on the examples.
        Sweep.Run k5 = r1.run("k");
        assertEquals(StreamTrainer.train(CharStream.of(data), truncatedGrid().get(1).streamOptions()).loss(),
                k5.stream().loss(), 0.0);
        assertEquals(k5.stream().loss(), k5.loss(), 0.0);
        assertEquals(null, k5.result());
        assertEquals(120L * 8, k5.stream().updates());
        assertEquals(null, r1.run("examples").stream());
        assertEquals(r1.run("examples").result().loss(), r1.run("examples").loss(), 0.0);
    }

    @Test
    void aTruncationNeedsTheRnnCell() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sweep.Config("g", CellKind.GRU, 8, 0.01, 5, 10, 1, Truncation.full(20)));
        assertTrue(e.getMessage().contains("truncation") && e.getMessage().contains("'g'"), e.getMessage());
        assertEquals(null, new Sweep.Config("r", CellKind.RNN, 8, 0.01, 5, 10, 1).truncation());
    }

    @Test
    void badGridsAreRefusedBeforeAnyWork() throws IOException {
        Dataset data = elements();
        assertThrows(IllegalArgumentException.class, () -> Sweep.of(data, List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sweep.of(data, List.of(grid().get(0), grid().get(0))));
        assertTrue(e.getMessage().contains("rnn-16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sweep.of(data, grid()).threads(0));
        e = assertThrows(IllegalArgumentException.class,
                () -> new Sweep.Config("x", CellKind.RNN, 0, 0.01, 5, 10, 1));
        assertTrue(e.getMessage().contains("nA") && e.getMessage().contains("'x'"), e.getMessage());
    }
}
