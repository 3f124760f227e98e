package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.sweep.SweepPlan;

/** {@code sweep}: plan, run by task (given or from the environment) or locally, status, collect, submit. */
class SweepCommandTest {
    @TempDir
    Path dir;

    private Path grid;
    private String sweep;
    private Function<String, String> savedEnvironment;

    @BeforeEach
    void files() throws IOException {
        Files.copy(Path.of("data/element_list.txt"), dir.resolve("names.txt"));
        grid = dir.resolve("small.grid");
        Files.writeString(grid, """
                data = names.txt
                hidden = 6, 10
                learning_rate = 0.01, 0.02
                iterations = 200
                """);
        sweep = dir.resolve("sweep").toString();
        savedEnvironment = SweepCommand.environment;
        SweepCommand.environment = name -> null;
    }

    @AfterEach
    void restore() {
        SweepCommand.environment = savedEnvironment;
    }

    @Test
    void planRunStatusAndCollect() throws IOException {
        Cli.Run plan = Cli.run("sweep", "plan", grid.toString(), "--out", sweep).succeeded();
        assertTrue(plan.out().startsWith("planned 4 runs (tasks 0-3) in " + sweep + " on " + dir.resolve("names.txt")),
                plan.out());
        assertEquals("4 runs: 0 done, 0 failed, 4 missing\nmissing tasks: 0 1 2 3\n",
                Cli.run("sweep", "status", sweep).succeeded().out());

        SweepPlan p = SweepPlan.open(Path.of(sweep));
        String id1 = p.runs().get(1).id();
        assertEquals("task 1 (" + id1 + ") done\n", Cli.run("sweep", "run", sweep, "--task", "1").succeeded().out());
        assertEquals("task 1 (" + id1 + ") was done already\n",
                Cli.run("sweep", "run", sweep, "--task", "1").succeeded().out());
        SweepCommand.environment = Map.of("SLURM_ARRAY_TASK_ID", "2", "JOB_COMPLETION_INDEX", "3")::get;
        assertTrue(Cli.run("sweep", "run", sweep).succeeded().out().startsWith("task 2 "), "Slurm's index first");
        SweepCommand.environment = Map.of("JOB_COMPLETION_INDEX", "3")::get;
        assertTrue(Cli.run("sweep", "run", sweep).succeeded().out().startsWith("task 3 "), "then Kubernetes'");
        assertEquals("4 runs: 3 done, 0 failed, 1 missing\nmissing tasks: 0\n",
                Cli.run("sweep", "status", sweep).succeeded().out());

        Cli.Run local = Cli.run("sweep", "run", sweep, "--local", "--threads", "2").succeeded();
        assertTrue(local.out().startsWith("task 0 (" + p.runs().get(0).id() + ") done; 4/4 done, 0 failed\n"),
                local.out());
        assertTrue(local.out().contains("1 runs trained on 2 threads in "), local.out());

        Cli.Run collect = Cli.run("sweep", "collect", sweep).succeeded();
        Path csv = Path.of(sweep, "results.csv");
        assertEquals(csv + ": 4 runs (4 done, 0 failed, 0 missing)\n", collect.out());
        assertEquals(5, Files.readAllLines(csv).size());

        // The same plan run all at once elsewhere gives the same bytes.
        String other = dir.resolve("other").toString();
        Cli.run("sweep", "plan", grid.toString(), "--out", other).succeeded();
        Cli.run("sweep", "run", other, "--local").succeeded();
        Path otherCsv = dir.resolve("other.csv");
        Cli.run("sweep", "collect", other, "--out", otherCsv.toString()).succeeded();
        assertArrayEquals(Files.readAllBytes(csv), Files.readAllBytes(otherCsv));
        Cli.run("sweep", "collect", other, "--out", otherCsv.toString()).succeeded();
    }

    @Test
    void badGridFilesAndFoldersAreOneLineErrorsBeforeAnythingRuns() throws IOException {
        Files.writeString(grid, "data = names.txt\nhiden = 8\n");
        Cli.run("sweep", "plan", grid.toString(), "--out", sweep)
                .failed(1, "rnn-workbench sweep plan: " + grid + ":2: unknown key 'hiden'");
        assertFalse(Files.exists(Path.of(sweep)), "nothing written");
        Files.writeString(grid, "data = names.txt\nhidden =\n");
        Cli.run("sweep", "plan", grid.toString(), "--out", sweep).failed(1, ":2: hidden has no values");
        Files.writeString(grid, "data = names.txt\nlearning_rate = 50\n");
        Cli.run("sweep", "plan", grid.toString(), "--out", sweep).failed(1, ":2: learning_rate 50 is out of range");
        Cli.run("sweep", "plan", dir.resolve("none.grid").toString(), "--out", sweep)
                .failed(1, "grid file " + dir.resolve("none.grid") + " not found");

        Files.writeString(grid, "data = names.txt\nhidden = 6\niterations = 50\n");
        Cli.run("sweep", "plan", grid.toString(), "--out", sweep).succeeded();
        Files.writeString(dir.resolve("names.txt"), "changed\n");
        for (String[] args : List.of(new String[] {"sweep", "run", sweep, "--task", "0"},
                new String[] {"sweep", "run", sweep, "--local"},
                new String[] {"sweep", "submit", sweep, "--slurm", "--print"})) {
            Cli.run(args).failed(1, "data file " + dir.resolve("names.txt") + " changed since the plan");
        }
        assertEquals("1 runs: 0 done, 0 failed, 1 missing\nmissing tasks: 0\n",
                Cli.run("sweep", "status", sweep).succeeded().out());

        Cli.run("sweep", "status", dir.toString()).failed(1, dir + " is not a sweep folder: it has no plan.json");
        Cli.run("sweep", "run", sweep).failed(2, "give --task N or --local (no $SLURM_ARRAY_TASK_ID");
        Cli.run("sweep", "run", sweep, "--task", "0", "--local").failed(2, "give --task N or --local, not both");
        Cli.run("sweep", "run", sweep, "--threads", "2").failed(2, "--threads needs --local");
        Cli.run("sweep", "run", sweep, "--local", "--threads", "0").failed(2, "--threads must be positive");
        SweepCommand.environment = Map.of("SLURM_ARRAY_TASK_ID", "x")::get;
        Cli.run("sweep", "run", sweep).failed(2, "$SLURM_ARRAY_TASK_ID must be a task index but is 'x'");
        Cli.run("sweep", "submit", sweep).failed(2, "give --slurm");
        Cli.run("sweep", "submit", sweep, "--slurm", "--max-parallel", "0").failed(2, "--max-parallel must be positive");
    }

    @Test
    void aTaskOutOfRangeAndAForeignCsvAreRefused() throws IOException {
        Cli.run("sweep", "plan", grid.toString(), "--out", sweep).succeeded();
        Cli.run("sweep", "run", sweep, "--task", "4").failed(1, "task 4 is out of range: the sweep in ");
        Path mine = dir.resolve("mine.csv");
        Files.writeString(mine, "a,b\n1,2\n");
        Cli.run("sweep", "collect", sweep, "--out", mine.toString())
                .failed(1, "--out " + mine + " exists and is not a sweep table");
        assertEquals("a,b\n1,2\n", Files.readString(mine));
    }

    @Test
    void submitPrintsAJobArrayWithOneTaskPerRunAndOnlyTheUnfinishedOnesWhenAsked() throws IOException {
        Cli.run("sweep", "plan", grid.toString(), "--out", sweep).succeeded();
        Cli.Run all = Cli.run("sweep", "submit", sweep, "--slurm", "--max-parallel", "2", "--print", "--",
                "--partition=short", "--time=00:10:00").succeeded();
        String absolute = Path.of(sweep).toAbsolutePath().toString();
        assertTrue(all.out().startsWith("#!/bin/bash\n"), all.out());
        assertTrue(all.out().contains("\n#SBATCH --array=0-3%2\n"), all.out());
        assertTrue(all.out().contains("\n#SBATCH --output=" + absolute + "/logs/%A_%a.out\n"), all.out());
        assertTrue(all.out().contains("org.rnnworkbench.cli.Main \\\n    sweep run " + absolute
                + " --task \"$SLURM_ARRAY_TASK_ID\"\n"), all.out());
        assertTrue(all.out().endsWith("# submit with: sbatch --parsable --partition=short --time=00:10:00 "
                + absolute + "/sweep.sbatch\n"), all.out());
        assertFalse(Files.exists(Path.of(sweep, "sweep.sbatch")), "--print writes nothing");

        Cli.run("sweep", "run", sweep, "--task", "1").succeeded();
        Cli.run("sweep", "run", sweep, "--task", "2").succeeded();
        Cli.Run failed = Cli.run("sweep", "submit", sweep, "--slurm", "--only-failed", "--print").succeeded();
        assertTrue(failed.out().contains("\n#SBATCH --array=0,3\n"), failed.out());
        Cli.run("sweep", "run", sweep, "--local").succeeded();
        String blank = dir.resolve("with blank").toString();
        Cli.run("sweep", "plan", grid.toString(), "--out", blank).succeeded();
        Cli.run("sweep", "submit", blank, "--slurm", "--print").failed(1, "has a blank in its path");
        assertEquals("nothing to submit: all 4 runs of " + sweep + " are done\n",
                Cli.run("sweep", "submit", sweep, "--slurm", "--only-failed").succeeded().out());
    }

    @Test
    void theArrayListsRangesOfConsecutiveTasks() {
        SweepPlan p = null;
        assertEquals("0-5%3", new SlurmScript(p, List.of(0, 1, 2, 3, 4, 5), 3, "java", "x.jar").array());
        assertEquals("1,3-5,9", new SlurmScript(p, List.of(1, 3, 4, 5, 9), null, "java", "x.jar").array());
        assertEquals("'/my dir/java'", SlurmScript.quote("/my dir/java"));
        assertEquals("'it'\\''s'", SlurmScript.quote("it's"));
    }

    @Test
    void aRunKilledMidWayLeavesNoResultAndTheNextAttemptCompletesIt() throws Exception {
        Files.writeString(grid, "data = names.txt\nhidden = 16\niterations = 2000000\n");
        Cli.run("sweep", "plan", grid.toString(), "--out", sweep).succeeded();
        SweepPlan p = SweepPlan.open(Path.of(sweep));
        Path results = p.dir().resolve(SweepPlan.RESULTS);
        Path childOutput = dir.resolve("child.txt");
        Process child = startTaskZero(results, childOutput);
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the run did not die");
        assertFalse(Files.exists(p.resultDir(p.runs().get(0).id())), "no result");
        assertEquals(1, workFolders(results).size(), "only the killed run's work folder");
        assertEquals("1 runs: 0 done, 0 failed, 1 missing\nmissing tasks: 0\n",
                Cli.run("sweep", "status", sweep).succeeded().out());

        // Completing 2,000,000 iterations would make the test long: the same folder is planned again with
        // 100, and the dead work folder is renamed to the new run's id, so that the next attempt meets it
        // as it would meet the remains of its own killed run.
        Files.writeString(grid, "data = names.txt\nhidden = 16\niterations = 100\n");
        Cli.run("sweep", "plan", grid.toString(), "--out", sweep).succeeded();
        Files.move(workFolders(results).get(0), results.resolve(workFolders(results).get(0).getFileName().toString()
                .replace(p.runs().get(0).id(), SweepPlan.open(Path.of(sweep)).runs().get(0).id())));
        Cli.run("sweep", "run", sweep, "--task", "0").succeeded();
        assertEquals(List.of(), workFolders(results), "the next attempt removed the dead run's work folder");
        assertTrue(Cli.run("sweep", "status", sweep).succeeded().out().startsWith("1 runs: 1 done"));
    }

    @Test
    void aRunStoppedBySigtermEndsAtOnceWithoutAResult() throws Exception {
        // Slurm's scancel sends SIGTERM: the task must end, not finish its run and record it as done.
        Files.writeString(grid, "data = names.txt\nhidden = 16\niterations = 5000000\n");
        Cli.run("sweep", "plan", grid.toString(), "--out", sweep).succeeded();
        SweepPlan p = SweepPlan.open(Path.of(sweep));
        Path results = p.dir().resolve(SweepPlan.RESULTS);
        Path childOutput = dir.resolve("child.txt");
        Process child = startTaskZero(results, childOutput);
        try {
            child.destroy();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "SIGTERM did not end the run:\n"
                    + Files.readString(childOutput));
            assertEquals(143, child.exitValue(), Files.readString(childOutput));
        } finally {
            child.destroyForcibly();
        }
        assertFalse(Files.exists(p.resultDir(p.runs().get(0).id())), "no result");
        assertEquals("1 runs: 0 done, 0 failed, 1 missing\nmissing tasks: 0\n",
                Cli.run("sweep", "status", sweep).succeeded().out());
    }

    @Test
    void onlyTrainTurnsSignalsIntoAStopRequest() {
        assertTrue(Main.isTrain(new String[] {"train", "--quiet"}));
        assertTrue(Main.isTrain(new String[] {"--debug", "train"}));
        assertFalse(Main.isTrain(new String[] {"sweep", "run", "train"}));
        assertFalse(Main.isTrain(new String[] {"sample", "--model", "m.npz"}));
        assertFalse(Main.isTrain(new String[] {}));
    }

    /** `sweep run --task 0` in a child JVM, returned once its run has a work folder (it is training). */
    private Process startTaskZero(Path results, Path childOutput) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "sweep", "run", sweep, "--task", "0")
                .redirectErrorStream(true).redirectOutput(childOutput.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (workFolders(results).isEmpty()) {
            if (!child.isAlive()) {
                fail("the run stopped by itself:\n" + Files.readString(childOutput));
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("no work folder after two minutes:\n" + Files.readString(childOutput));
            }
            Thread.sleep(5);
        }
        return child;
    }

    private static List<Path> workFolders(Path results) throws IOException {
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(results)) {
            return s.filter(f -> f.getFileName().toString().startsWith(".work@")).toList();
        }
    }
}
