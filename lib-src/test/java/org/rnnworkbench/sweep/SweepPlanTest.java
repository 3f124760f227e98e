package org.rnnworkbench.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.io.TrainingCheckpoint;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.train.Sweep;
import tech.tablesaw.api.Table;

/** A sweep folder: plan, run by task, local threads, status, collect, failures and changed data. */
class SweepPlanTest {
    @TempDir
    Path dir;

    private Path data;

    private static final String GRID = """
            data = names.txt
            hidden = 6, 10
            learning_rate = 0.01, 0.05
            iterations = 300
            seed = 1
            run cell=gru hidden=6 learning_rate=0.02
            run cell=lstm hidden=6 learning_rate=0.02 clip_rule=global_norm
            run hidden=8 learning_rate=0.01 truncation=k=5/L=20 iterations=40
            """;

    @BeforeEach
    void data() throws IOException {
        data = dir.resolve("names.txt");
        Files.copy(Path.of("data/element_list.txt"), data);
    }

    private Grid grid(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return Grid.read(file);
    }

    private static byte[] collected(SweepPlan p) throws IOException {
        Path csv = p.dir().resolve("results.csv");
        p.writeCollected(csv);
        return Files.readAllBytes(csv);
    }

    @Test
    void aTaskWritesItsWholeResultOnceAndEqualsTheSweepOfTheLibrary() throws IOException {
        SweepPlan p = SweepPlan.create(grid("a.grid", GRID), dir.resolve("sweep"));
        assertEquals(7, p.runs().size());
        assertEquals(SweepPlan.sha256(data), p.dataSha256());
        Dataset d = p.loadData();
        for (int task : new int[] {0, 4, 5, 6}) {
            RunSpec r = p.runs().get(task);
            assertEquals(SweepPlan.Outcome.DONE, p.runTask(task, d));
            Path result = p.resultDir(r.id());
            JsonObject o = JsonParser.parseString(Files.readString(result.resolve(SweepPlan.RESULT_FILE)))
                    .getAsJsonObject();
            Sweep.Run expected = Sweep.train(d, r.config());
            assertTrue(expected.succeeded());
            assertEquals(expected.loss(), o.get("final_smoothed_loss").getAsDouble(), 0.0, "bit for bit");
            assertEquals(task, o.get("task").getAsInt());
            assertEquals(r.config().nA(), o.get("hidden").getAsInt());
            assertEquals(r.config().learningRate(), o.get("learning_rate").getAsDouble(), 0.0);
            assertEquals(r.config().initSeed(), o.get("seed").getAsLong());
            assertEquals(r.id(), o.get("id").getAsString());
            assertEquals(p.dataSha256(), o.get("data_sha256").getAsString());
            assertTrue(o.get("wall_seconds").getAsDouble() > 0);
            assertTrue(o.get("cpu_seconds").getAsDouble() > 0);
            assertFalse(o.get("host").getAsString().isEmpty());
            List<String> history = Files.readAllLines(result.resolve("history.csv"));
            assertEquals(r.config().iterations() + 1, history.size(), "a header and one line per iteration");
            ModelFile.Model m = ModelFile.load(result.resolve("model.npz"));
            assertEquals(r.config().cell(), m.cell());
            assertEquals(r.id(), m.config().get("sweep_run"));
            if (r.config().truncation() == null) {
                assertEquals(expected.loss(), TrainingCheckpoint.state(result.resolve("model.npz"), m).smoothedLoss(),
                        0.0);
            }
            try (Stream<Path> files = Files.list(result.getParent())) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".work")), "no work folder");
            }
            assertEquals(SweepPlan.Outcome.ALREADY_DONE, p.runTask(task, d), "a run done is a no-op");
        }
        SweepPlan.Status s = p.status();
        assertEquals(4, s.done().size());
        assertEquals(3, s.missing().size());
        assertEquals(List.of(1, 2, 3), p.unfinishedTasks());
        GridException e = assertThrows(GridException.class, () -> p.run(7));
        assertTrue(e.getMessage().contains("task 7 is out of range: the sweep in " + p.dir() + " has tasks 0 to 6"));
    }

    @Test
    void theCollectedTableDependsNeitherOnOrderNorOnPlaceNorOnThreads() throws IOException {
        SweepPlan forward = SweepPlan.create(grid("a.grid", GRID), dir.resolve("forward"));
        SweepPlan backward = SweepPlan.create(grid("a.grid", GRID), dir.resolve("backward"));
        // The same runs written in another order in the file get other task numbers, the same ids.
        List<String> lines = new ArrayList<>(GRID.lines().toList());
        Collections.reverse(lines);
        SweepPlan reordered = SweepPlan.create(grid("b.grid", String.join("\n", lines)), dir.resolve("reordered"));
        assertTrue(!forward.runs().equals(reordered.runs()));
        Dataset d = forward.loadData();
        for (int i = 0; i < forward.runs().size(); i++) {
            forward.runTask(i, d);
            backward.runTask(forward.runs().size() - 1 - i, d);
        }
        Map<Integer, SweepPlan.Outcome> outcomes = reordered.runLocal(3, null);
        assertEquals(7, outcomes.size());
        assertTrue(outcomes.values().stream().allMatch(o -> o == SweepPlan.Outcome.DONE));
        byte[] expected = collected(forward);
        assertArrayEquals(expected, collected(backward));
        assertArrayEquals(expected, collected(reordered));
        Table t = forward.collect();
        assertEquals(7, t.rowCount());
        List<String> ids = t.stringColumn("id").asList();
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertEquals(sorted, ids, "rows sorted by id");
        assertTrue(t.stringColumn("status").asList().stream().allMatch("ok"::equals));
        String csv = new String(expected, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("id,cell,hidden,learning_rate,clip_rule,clip,iterations,truncation,seed,status,"
                + "final_loss,final_smoothed_loss,error\n"), csv);
        Table read = Table.read().csv(forward.dir().resolve("results.csv").toFile());
        assertEquals(t.doubleColumn("final_smoothed_loss").asList(), read.numberColumn("final_smoothed_loss").asList(),
                "Tablesaw reads the numbers back exactly");
        assertEquals(Map.of(), reordered.runLocal(2, null), "nothing left to run");
    }

    @Test
    void aFailedRunIsRecordedAndRetriedAndTheOthersFinish() throws IOException {
        SweepPlan p = SweepPlan.create(grid("bad.grid", """
                data = names.txt
                hidden = 64
                learning_rate = 10
                clip_rule = none
                iterations = 3000
                run learning_rate=0.01 clip_rule=element_wise iterations=100
                """), dir.resolve("sweep"));
        Map<Integer, SweepPlan.Outcome> o = p.runLocal(2, null);
        assertEquals(SweepPlan.Outcome.FAILED, o.get(0));
        assertEquals(SweepPlan.Outcome.DONE, o.get(1));
        SweepPlan.Status s = p.status();
        String message = s.failed().get(p.runs().get(0));
        assertTrue(message != null && !message.isEmpty(), "the failure's message is recorded");
        assertFalse(Files.exists(p.resultDir(p.runs().get(0).id())), "a failed run has no result folder");
        Table t = p.collect();
        int row = t.stringColumn("id").indexOf(p.runs().get(0).id());
        assertEquals("failed", t.stringColumn("status").get(row));
        assertEquals(message, t.stringColumn("error").get(row));
        assertTrue(t.doubleColumn("final_loss").isMissing(row));
        assertEquals(List.of(0), p.unfinishedTasks(), "a failed run is run again");
        assertEquals(SweepPlan.Outcome.FAILED, p.runTask(0, p.loadData()));
    }

    @Test
    void dataChangedSincePlanIsRefusedBeforeAnythingRuns() throws IOException {
        SweepPlan p = SweepPlan.create(grid("a.grid", GRID), dir.resolve("sweep"));
        Files.writeString(data, "\nxenon", java.nio.file.StandardOpenOption.APPEND);
        GridException e = assertThrows(GridException.class, () -> SweepPlan.open(p.dir()).runLocal(2, null));
        assertTrue(e.getMessage().startsWith("data file " + data + " changed since the plan (SHA-256 "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertEquals(7, p.status().missing().size(), "nothing ran");
        Files.delete(data);
        assertTrue(assertThrows(GridException.class, p::checkData).getMessage().endsWith(" is gone"));
    }

    @Test
    void planningKeepsResultsOfTheSameRunsAndRefusesForeignFolders() throws IOException {
        Grid g = grid("a.grid", GRID);
        SweepPlan p = SweepPlan.create(g, dir.resolve("sweep"));
        p.runTask(2, p.loadData());
        String id = p.runs().get(2).id();
        // A grid with one more value keeps the done run under the same id.
        SweepPlan again = SweepPlan.create(grid("b.grid", GRID.replace("hidden = 6, 10", "hidden = 6, 10, 12")),
                p.dir());
        assertEquals(9, again.runs().size());
        assertTrue(again.isDone(id));
        assertEquals(1, again.status().done().size());

        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        GridException e = assertThrows(GridException.class, () -> SweepPlan.create(g, foreign));
        assertTrue(e.getMessage().contains("is not empty and holds no plan.json"), e.getMessage());
        assertThrows(GridException.class, () -> SweepPlan.create(g, foreign.resolve("notes.txt")));
        assertTrue(assertThrows(GridException.class, () -> SweepPlan.open(foreign)).getMessage()
                .contains("is not a sweep folder"));

        Files.writeString(data, "other data\n");
        e = assertThrows(GridException.class, () -> SweepPlan.create(Grid.read(dir.resolve("a.grid")), p.dir()));
        assertTrue(e.getMessage().contains("holds results trained on other data"), e.getMessage());
    }

    @Test
    void aPlanEditedByHandSoThatIdsNoLongerMatchIsRefused() throws IOException {
        SweepPlan p = SweepPlan.create(grid("a.grid", GRID), dir.resolve("sweep"));
        Path plan = p.dir().resolve(SweepPlan.PLAN_FILE);
        Files.writeString(plan, Files.readString(plan).replaceFirst("\"hidden\": \"6\"", "\"hidden\": \"7\""));
        GridException e = assertThrows(GridException.class, () -> SweepPlan.open(p.dir()));
        assertTrue(e.getMessage().contains("does not match its settings"), e.getMessage());
        Files.writeString(plan, Files.readString(plan).replaceFirst("\"hidden\": \"7\"", "\"hidden\": \"0\""));
        e = assertThrows(GridException.class, () -> SweepPlan.open(p.dir()));
        assertEquals(plan + ": run 0: hidden 0 is out of range [1, 4096]", e.getMessage());
        Files.writeString(plan, "{not json");
        assertTrue(assertThrows(GridException.class, () -> SweepPlan.open(p.dir())).getMessage()
                .contains("not a sweep plan"));
    }

    @Test
    void aWorkFolderLeftByADeadProcessIsNoResultAndIsRemovedByTheNextAttempt() throws IOException {
        SweepPlan p = SweepPlan.create(grid("a.grid", GRID), dir.resolve("sweep"));
        String id = p.runs().get(0).id();
        // What a killed run leaves: its work folder, named after a process that no longer runs.
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertEquals(0, gone.waitFor());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Path stale = p.dir().resolve("results").resolve(".work@" + gone.pid() + "@" + SweepPlan.host() + "@" + id
                + "@1");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("history.csv"), "iteration,loss\n0,1");
        assertFalse(p.isDone(id));
        assertEquals(7, p.status().missing().size());
        assertEquals(SweepPlan.Outcome.DONE, p.runTask(0, p.loadData()));
        assertFalse(Files.exists(stale));
        assertTrue(p.isDone(id));
    }
}
