package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rnnworkbench.lm.TrainingOptions;

/** Runs the command line in this JVM with captured output. */
final class Cli {
    private Cli() {}

    /** The element names. */
    static final String ELEMENTS = "data/element_list.txt";

    /** A small run on the element names: 12 hidden units, a log every 100 iterations with 2 samples, rate 0.05. */
    static final String[] SMALL = {"--data", ELEMENTS, "--hidden", "12", "--sample-every", "100", "--samples", "2",
        "--lr", "0.05"};

    /** The library's options for {@link #SMALL} over {@code iterations} iterations. */
    static TrainingOptions.Builder small(int iterations) {
        return TrainingOptions.builder().nA(12).sampleEvery(100).samplesPerCheckpoint(2).learningRate(0.05)
                .iterations(iterations);
    }

    /** Exit code and everything written to stdout and stderr. */
    record Run(int code, String out, String err) {
        /** Exit code 0 and nothing on stderr. */
        Run succeeded() {
            assertEquals(0, code, "exit code; stderr:\n" + err);
            return this;
        }

        /** A user error: the exit code, one line on stderr holding {@code message}, no stack trace, nothing on stdout. */
        Run failed(int expectedCode, String message) {
            assertEquals(expectedCode, code, "exit code; stderr:\n" + err);
            assertTrue(err.contains(message), "stderr should contain \"" + message + "\" but was:\n" + err);
            assertNoStackTrace();
            assertEquals("", out, "stdout");
            assertEquals(1, err.lines().count(), "one line on stderr:\n" + err);
            return this;
        }

        void assertNoStackTrace() {
            assertFalse(err.contains("Exception"), "stderr names an exception:\n" + err);
            assertFalse(err.contains("\tat "), "stderr holds a stack trace:\n" + err);
        }
    }

    /** Runs in the project folder (where surefire starts), as {@code java -jar} would from there. */
    static Run run(String... args) {
        return runIn(Path.of(""), args);
    }

    /** Runs with relative paths resolved against {@code workingDirectory}. */
    static Run runIn(Path workingDirectory, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), workingDirectory, false).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
