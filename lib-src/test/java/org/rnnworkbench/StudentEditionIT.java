package org.rnnworkbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The student edition (target/student-lib/, built by `mvn package`): the library students load, with
 * no implementation of a graded function and nothing that computes a graded answer.
 */
class StudentEditionIT {
    /** The graded functions of the assignment, by their Java names. */
    private static final Set<String> GRADED_METHODS = Set.of(
            "rnnCellForward", "rnnForward", "rnnCellBackward", "rnnBackward", "gruCellForward", "clip", "sample",
            "optimize", "model", "train");

    /** Part B gives the character model's own forward and backward passes: optimize puts them together. */
    private static final Set<String> GIVEN = Set.of(
            "org.rnnworkbench.lm.CharRnn.rnnForward", "org.rnnworkbench.lm.CharRnn.rnnBackward");

    /** Classes that implement a graded function or call one (trainers, sweeps, the gradient check on Rnn). */
    private static final List<String> LEFT_OUT = List.of(
            "org.rnnworkbench.cells.Rnn", "org.rnnworkbench.cells.Gru", "org.rnnworkbench.cells.Lstm",
            "org.rnnworkbench.cells.SimpleRnn", "org.rnnworkbench.cells.CellMath", "org.rnnworkbench.lm.Clip",
            "org.rnnworkbench.lm.ClipRule", "org.rnnworkbench.lm.Sampler", "org.rnnworkbench.lm.Optimize",
            "org.rnnworkbench.lm.Trainer", "org.rnnworkbench.lm.CharGru", "org.rnnworkbench.train.FastTrainer",
            "org.rnnworkbench.train.FastCharRnn", "org.rnnworkbench.train.ClipUpdate", "org.rnnworkbench.train.Sweep",
            "org.rnnworkbench.grading.Check", "org.rnnworkbench.gradcheck.GradientCheck", "org.rnnworkbench.cli.Main",
            "org.rnnworkbench.seq.Tagger");

    private static Path lib;
    private static Path studentJar;
    private static List<Path> jars;

    @BeforeAll
    static void findTheEdition() throws IOException {
        lib = Path.of(System.getProperty("student.lib", "target/student-lib"));
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        studentJar = jars.stream().filter(p -> p.getFileName().toString().startsWith("rnn-workbench-"))
                .findFirst().orElseThrow(() -> new AssertionError("no rnn-workbench jar in " + lib));
    }

    private static List<String> classNames() throws IOException {
        try (ZipFile zip = new ZipFile(studentJar.toFile())) {
            return zip.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && !n.contains("module-info"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).sorted().toList();
        }
    }

    private static URLClassLoader isolated() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (Path p : jars) {
            urls.add(p.toUri().toURL());
        }
        // The platform loader as parent: the test's own class path (the full library) stays invisible.
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void holdsOnlyTheLibraryJarAndItsThreeDependencies() {
        assertEquals(List.of("ejml-core", "ejml-ddense", "gson", "rnn-workbench"),
                jars.stream().map(p -> p.getFileName().toString().replaceAll("-[0-9].*", "")).sorted().toList());
    }

    @Test
    void theGradedClassesDoNotResolve() throws Exception {
        try (URLClassLoader loader = isolated()) {
            for (String name : LEFT_OUT) {
                assertThrows(ClassNotFoundException.class, () -> Class.forName(name, false, loader), name);
            }
            // What the notebooks' test cells and the given code need does resolve.
            for (String name : List.of("org.rnnworkbench.grading.Answer", "org.rnnworkbench.lm.CharRnn",
                    "org.rnnworkbench.random.NumpyRandom", "org.rnnworkbench.cells.RnnCaches")) {
                assertEquals(name, Class.forName(name, true, loader).getName());
            }
        }
    }

    @Test
    void noClassDeclaresAGradedMethod() throws Exception {
        List<String> found = new ArrayList<>();
        try (URLClassLoader loader = isolated()) {
            for (String name : classNames()) {
                for (Method m : Class.forName(name, false, loader).getDeclaredMethods()) {
                    if (GRADED_METHODS.contains(m.getName()) && !GIVEN.contains(name + "." + m.getName())) {
                        found.add(name + "." + m.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
        assertTrue(classNames().size() > 15, "the edition holds " + classNames());
    }

    @Test
    void everyClassLinksAgainstTheEditionAlone() throws Exception {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        String cp = jars.stream().filter(p -> !p.equals(studentJar)).map(Path::toString)
                .collect(Collectors.joining(java.io.File.pathSeparator));
        int status = jdeps.run(print, print, "--multi-release", "17", "-verbose:class", "-cp", cp, studentJar.toString());
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, report);
        List<String> missing = report.lines().filter(l -> l.contains("not found")).toList();
        assertEquals(List.of(), missing, "classes of the student edition refer to classes it does not hold");
        assertFalse(report.isBlank());
        try (URLClassLoader loader = isolated()) {
            for (String name : classNames()) {
                Class<?> c = Class.forName(name, true, loader);
                c.getDeclaredMethods();
                c.getDeclaredFields();
            }
        }
    }
}
