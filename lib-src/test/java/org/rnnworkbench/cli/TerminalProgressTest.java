package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The progress bar: drawn in place on its own stream, wiped before each piece of log, removed at the end. */
class TerminalProgressTest {

    @Test
    void theBarIsDrawnInPlaceAndWipedForTheLog() throws InterruptedException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
        StringBuilder log = new StringBuilder();
        int afterLog;
        try (TerminalProgress bar = new TerminalProgress(terminal, 50, 100_000, 70, false)) {
            Consumer<String> sink = bar.around(log::append);
            long done = 200;
            bar.update(done, 1.5);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!text(screen).contains(" loss 1.5000")) {
                assertTrue(System.nanoTime() < deadline, "the bar was not drawn: " + text(screen));
                Thread.sleep(20);
                // The library redraws only after progress, as training makes it.
                bar.update(++done, 2.5);
            }
            sink.accept("Iteration: 200, Loss: 1.500000\n");
            afterLog = screen.size();
        }
        String t = text(screen);
        assertEquals("Iteration: 200, Loss: 1.500000\n", log.toString(), "the log itself is untouched");
        assertTrue(t.startsWith("\rtrain"), t);
        assertTrue(t.contains(" loss 1.5000"), t);
        String beforeLog = t.substring(0, afterLog);
        assertTrue(beforeLog.matches("(?s).*\r {10,}\r"), "the bar is wiped before the log: " + beforeLog);
        assertTrue(t.matches("(?s).*\r {10,}\r"), "and at the end: " + t);
        for (String line : t.split("\r")) {
            assertTrue(line.length() <= 70, "at most the given width: '" + line + "'");
        }
        assertTrue(t.chars().allMatch(c -> c < 128), "ASCII when the terminal is not UTF-8: " + t);
        assertTrue(!t.contains("\n"), "the bar never moves to a new line: " + t);
    }

    private static String text(ByteArrayOutputStream screen) {
        return screen.toString(StandardCharsets.UTF_8);
    }
}
