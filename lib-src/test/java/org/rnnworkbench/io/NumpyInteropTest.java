package org.rnnworkbench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnworkbench.io.ModelFile.Model;
import org.rnnworkbench.lm.CellKind;

/**
 * Java and NumPy read each other's model files, for each cell: {@code lib-src/reference/npz_roundtrip.py}
 * opens a Java-written file with {@code numpy.load} (no pickle), checks the cell, dtypes, C order and shapes, and
 * writes the model back with {@code np.savez} and {@code np.savez_compressed}; Java loads both and
 * must get back the same bits.
 *
 * <p>Python comes from the system property {@code rnnwb.python}, else the environment variable
 * {@code RNNWB_PYTHON}, else {@code .venv/bin/python} under the project root. Without it this test
 * fails rather than skips: {@code make test} always provides it.
 */
class NumpyInteropTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, Java file compressed={1}")
    @CsvSource({"RNN, false", "RNN, true", "GRU, false", "GRU, true", "LSTM, false", "LSTM, true"})
    void numpyReadsJavaFilesAndJavaReadsNumpyFiles(CellKind cell, boolean compressed) throws Exception {
        // 60 characters reach past ASCII, up to one outside the Basic Multilingual Plane.
        Model m = TestModels.random(new Random(31), cell, 16, 60, true);
        Path java = dir.resolve("java.npz");
        ModelFile.save(java, m, compressed);
        Path savez = dir.resolve("numpy-savez.npz");
        Path savezCompressed = dir.resolve("numpy-savez-compressed.npz");

        String out = runPython(projectRoot().resolve("lib-src/reference/npz_roundtrip.py").toString(),
                java.toString(), savez.toString(), savezCompressed.toString());
        assertTrue(out.startsWith("npz_roundtrip: ok: n_a=16, V=60, cell " + cell.id() + ","), out);

        TestModels.assertSameModel(m, ModelFile.load(savez));
        TestModels.assertSameModel(m, ModelFile.load(savezCompressed));
        assertEquals(List.copyOf(m.config().keySet()), List.copyOf(ModelFile.load(savez).config().keySet()));
    }

    private String runPython(String... args) throws IOException, InterruptedException {
        Path python = python();
        List<String> command = new java.util.ArrayList<>(List.of(python.toString()));
        command.addAll(List.of(args));
        Path stderr = dir.resolve("python-stderr.txt");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("python did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            fail("python exited with " + p.exitValue() + ":\n" + out + "\n" + Files.readString(stderr));
        }
        return out;
    }

    /** The Python with NumPy to run; fails (never skips) when there is none. */
    static Path python() {
        String configured = System.getProperty("rnnwb.python");
        String source = "system property rnnwb.python";
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("RNNWB_PYTHON");
            source = "environment variable RNNWB_PYTHON";
        }
        Path python;
        if (configured != null && !configured.isBlank()) {
            python = Path.of(configured);
        } else {
            python = projectRoot().resolve(".venv/bin/python");
            source = "the project's .venv";
        }
        if (!Files.isExecutable(python)) {
            fail("no Python with NumPy for the interop test: " + python + " (from " + source + ") is not an "
                    + "executable. Run `make env`, or set RNNWB_PYTHON (or -Drnnwb.python) to a Python with NumPy.");
        }
        return python;
    }

    /** The folder holding pom.xml: Maven runs tests there. */
    static Path projectRoot() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        if (!Files.exists(root.resolve("pom.xml"))) {
            fail("tests must run from the project root (with pom.xml), not " + root);
        }
        return root;
    }
}
