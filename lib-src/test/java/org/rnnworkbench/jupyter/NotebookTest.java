package org.rnnworkbench.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Outside a kernel (this test) the helpers print what a notebook would display. */
class NotebookTest {
    private static String printed(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void showPrintsTheTextFormWithoutAKernel() {
        assertEquals("shape (1, 2)\n[[1. 2.]]\n", printed(() -> Notebook.show(new DMatrixRMaj(new double[][] {{1, 2}}))));
        assertEquals("plain\n", printed(() -> Notebook.show("plain")));
        assertEquals("null\n", printed(() -> Notebook.show(null)));
        assertThrows(IllegalArgumentException.class, () -> Notebook.showBundle(Map.of()));
    }

    @Test
    void progressLinePrintsEachLineWithoutAKernel() {
        assertEquals("a\nb\n", printed(() -> {
            var sink = Notebook.progressLine();
            sink.accept("a");
            sink.accept("b");
        }));
    }

    @Test
    void markAndPrintWriteTheComparisonLines() {
        assertEquals("✔ ok", Notebook.mark(true, "ok"));
        assertEquals("✘ off", Notebook.mark(false, "off"));
        assertEquals("loss 1.5 null\n", printed(() -> Notebook.print("loss", 1.5, null)));
    }
}
