package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.ClipRule;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import tech.tablesaw.api.Table;

/** The clipping rule as a sweep setting: in the options of each run and in the table. */
class SweepClipRuleTest {
    private static final Sweep.Config BASE = new Sweep.Config("entry", CellKind.RNN, 12, 0.05, 5, 500, 1);

    private static List<Sweep.Config> grid() {
        return List.of(
                BASE.withClip("off", ClipRule.ELEMENT_WISE, Double.POSITIVE_INFINITY),
                BASE,
                BASE.withClip("norm", ClipRule.GLOBAL_NORM, 5),
                new Sweep.Config("gru-norm", CellKind.GRU, 6, 0.05, 3, 200, 1, ClipRule.GLOBAL_NORM),
                new Sweep.Config("norm-explodes", CellKind.RNN, 12, 1e300, 5, 500, 1, ClipRule.GLOBAL_NORM));
    }

    @Test
    void theTableHasTheRuleAndStaysTheSameWhateverTheThreads() throws IOException {
        Dataset data = FastTrainerStateTest.data();
        Table one = Sweep.of(data, grid()).threads(1).run().table();
        Table two = Sweep.of(data, grid()).threads(2).run().table();
        assertEquals(one.print(100), two.print(100));
        assertEquals(List.of("none", "element_wise", "global_norm", "global_norm", "global_norm"),
                one.stringColumn("clip_rule").asList());
        assertEquals(List.of("run", "cell", "hidden", "learning_rate", "lr_decay", "clip_rule", "clip"),
                one.columnNames().subList(0, 7));
        assertEquals(List.of("none", "none", "none", "none", "none"), one.stringColumn("lr_decay").asList());
        assertEquals(List.of("ok", "ok", "ok", "ok", "failed"), one.stringColumn("status").asList());
        assertTrue(one.stringColumn("error").get(4).contains("lower the global-norm clipping bound (now 5.0)"),
                one.stringColumn("error").get(4));
    }

    @Test
    void eachRunTrainsWithItsRule() throws IOException {
        Dataset data = FastTrainerStateTest.data();
        Sweep.Result r = Sweep.of(data, grid()).threads(2).run();
        TrainingOptions norm = TrainingOptions.builder().nA(12).learningRate(0.05).iterations(500).clipGlobalNorm(5)
                .build();
        assertEquals(FastTrainer.model(data, norm).loss(), r.run("norm").result().loss(), 0.0);
        assertEquals(FastTrainer.model(data, norm.toBuilder().clipValue(5).build()).loss(),
                r.run("entry").result().loss(), 0.0);
        TrainingOptions gru = TrainingOptions.builder().cell(CellKind.GRU).nA(6).learningRate(0.05).iterations(200)
                .clipGlobalNorm(3).build();
        double loss = r.run("gru-norm").result().loss();
        assertEquals(FastGruTrainer.model(data, gru).loss(), loss, 0.0);
        assertEquals(Trainer.model(data, gru).loss(), loss, 1e-12 * loss);
    }

    @Test
    void theSevenSettingConfigIsTheAssignmentsRuleAndANullRuleIsRefused() {
        assertEquals(ClipRule.ELEMENT_WISE, BASE.clipRule());
        assertEquals(new Sweep.Config("entry", CellKind.RNN, 12, 0.05, 5, 500, 1, ClipRule.ELEMENT_WISE), BASE);
        assertEquals("element_wise", BASE.clipRuleText());
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> new Sweep.Config("x", CellKind.RNN, 4, 0.01, 5, 10, 1, (ClipRule) null));
        assertEquals("clipRule", e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> BASE.withClip("y", ClipRule.GLOBAL_NORM, 0));
        assertTrue(bad.getMessage().contains("clipValue") && bad.getMessage().contains("'y'"), bad.getMessage());
    }
}
