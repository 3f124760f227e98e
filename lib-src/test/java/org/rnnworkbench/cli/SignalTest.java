package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.io.TrainingCheckpoint;

/**
 * The command line as a separate process: SIGINT and SIGTERM during training keep the last good
 * state, leave no temporary file and exit 130 and 143; a full stdout is exit 1. The tests wait for
 * conditions (a file appears, a line is printed), never for fixed times.
 */
class SignalTest {
    @TempDir
    Path dir;

    private Process start(Path stdout, Path stderr, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    }

    /** Polls until {@code condition} holds; fails if the process ends first or two minutes pass. */
    private static void waitFor(Process p, Path stderr, String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (!p.isAlive()) {
                fail("the process ended before " + what + ":\n" + Files.readString(stderr));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("no " + what + " after two minutes");
            }
            Thread.sleep(5);
        }
    }

    private static void signal(Process p, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name);
    }

    private static int exit(Process p) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the process did not end after the signal");
        }
        return p.exitValue();
    }

    private String[] trainArgs(String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data",
                Path.of("data/element_list.txt").toAbsolutePath().toString(), "--hidden", "8", "--sample-every", "500",
                "--samples", "2", "--iterations", "100000000"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private List<String> tempFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    private void checkpointInterrupted(String signalName, int expectedCode) throws Exception {
        Path model = dir.resolve("m.npz");
        Path history = dir.resolve("h.csv");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        // A checkpoint every iteration: the signal nearly always lands during a write.
        Process p = start(out, err, trainArgs("--save", "m.npz", "--checkpoint-every", "1", "--history", "h.csv",
                "--quiet"));
        waitFor(p, err, "a first checkpoint", () -> Files.exists(model));
        signal(p, signalName);
        assertEquals(expectedCode, exit(p), Files.readString(err));
        String message = Files.readString(err);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("rnn-workbench train: stopped by SIG" + signalName + " after "), message);
        assertTrue(message.contains("saved the model") && message.contains("to m.npz; continue with --resume m.npz"),
                message);
        assertEquals(List.of(), tempFiles(), "temporary files left");
        int k = TrainingCheckpoint.state(model, ModelFile.load(model)).iteration();
        assertTrue(message.contains("after " + k + (k == 1 ? " iteration of" : " iterations of")),
                message + " vs checkpoint " + k);
        List<String> rows = Files.readAllLines(history);
        assertEquals(k + 1, rows.size(), "the history holds one row per iteration of the saved model");
        assertTrue(rows.get(rows.size() - 1).startsWith((k - 1) + ","), rows.get(rows.size() - 1));
    }

    /** Several runs, so that signals land at different moments of a write. */
    private static final int RUNS = 3;

    private void clean() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void sigintDuringCheckpointsSavesTheLastStateAndExits130() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            clean();
            checkpointInterrupted("INT", StopRequest.EXIT_SIGINT);
        }
    }

    @Test
    void sigtermDuringCheckpointsSavesTheLastStateAndExits143() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            clean();
            checkpointInterrupted("TERM", StopRequest.EXIT_SIGTERM);
        }
    }

    @Test
    void ctrlCWithoutCheckpointsStillSavesTheRun() throws Exception {
        Path model = dir.resolve("m.npz");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = start(out, err, trainArgs("--save", "m.npz"));
        waitFor(p, err, "the first log line", () -> {
            try {
                return Files.readString(out).contains("Iteration: 500,");
            } catch (IOException e) {
                return false;
            }
        });
        signal(p, "INT");
        assertEquals(StopRequest.EXIT_SIGINT, exit(p));
        String message = Files.readString(err);
        assertTrue(message.contains("stopped by SIGINT") && message.contains("saved the model"), message);
        assertTrue(TrainingCheckpoint.state(model, ModelFile.load(model)).iteration() > 500);
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void ctrlCWithoutSaveSaysNothingWasKept() throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = start(out, err, trainArgs());
        waitFor(p, err, "the first log line", () -> {
            try {
                return Files.readString(out).startsWith("Iteration: 0,");
            } catch (IOException e) {
                return false;
            }
        });
        signal(p, "INT");
        assertEquals(StopRequest.EXIT_SIGINT, exit(p));
        String message = Files.readString(err);
        assertTrue(message.contains("stopped by SIGINT") && message.contains("no model saved (give --save MODEL"),
                message);
    }

    @Test
    void aFullStdoutIsExitOneWithOneLine() throws Exception {
        Path err = dir.resolve("err.txt");
        File full = new File("/dev/full");
        assertTrue(full.exists(), "this test writes to /dev/full");
        Path model = dir.resolve("m.npz");
        Cli.run("train", "--data", "data/element_list.txt", "--hidden", "4", "--iterations", "3", "--save",
                model.toString(), "--quiet").succeeded();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "sample", "--model", model.toString(), "--n", "3").redirectOutput(full)
                .redirectError(err.toFile()).start();
        assertEquals(Main.EXIT_ERROR, exit(p));
        String message = Files.readString(err);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("cannot write to standard output (No space left on device)"), message);
        assertFalse(message.contains("Exception"), message);
    }
}
