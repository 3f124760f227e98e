package org.rnnworkbench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.io.ModelFile.Model;

/**
 * Kills a process that is saving models in a loop ({@link SaveLoopMain}) at random moments, over and
 * over: after every kill the file must load as one of the two complete models, and at most the one
 * temporary file that was being written may be left (the next save removes it).
 */
class ModelFileCrashTest {
    private static final int KILLS = 50;

    @TempDir
    Path dir;

    /** Model 0 or model 1; both processes build the same two from fixed seeds. */
    static Model model(int which) {
        return TestModels.random(new Random(100 + which), 40, 30, true);
    }

    @Test
    void aKilledWriterAlwaysLeavesOneCompleteModel() throws Exception {
        Path file = dir.resolve("model.npz");
        Model[] models = {model(0), model(1)};
        ModelFile.save(file, models[0]);
        Path log = dir.resolve("child-stderr.txt");
        Random r = new Random(77);
        int[] found = new int[2];
        int killedMidWrite = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(AtomicWriteTest.javaBinary(), "-Xmx96m", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SaveLoopMain.class.getName(),
                    file.toString(), Integer.toString(kill % 2))
                    .redirectError(log.toFile())
                    .start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = out.readLine();
                if (!"ready".equals(line)) {
                    fail("the writer process did not start: " + line + "\n" + Files.readString(log));
                }
                // In half the rounds the first save is let through, so both models turn up even where
                // saves are slow; then a save takes a few milliseconds, so this lands anywhere among
                // the next ten or so.
                if (kill % 4 < 2 && !"saved".equals(out.readLine())) {
                    fail("the writer process stopped by itself:\n" + Files.readString(log));
                }
                Thread.sleep(r.nextInt(50));
                if (!child.isAlive()) {
                    fail("the writer process stopped by itself:\n" + Files.readString(log));
                }
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the writer process did not die");
            }

            List<Path> temps = temps(file);
            assertTrue(temps.size() <= 1, "after kill " + kill + " temporary files accumulate: " + temps);
            killedMidWrite += temps.size();
            Model back = ModelFile.load(file);
            int which = ModelFile.difference(models[0], back) == null ? 0
                    : ModelFile.difference(models[1], back) == null ? 1 : -1;
            assertTrue(which >= 0, "after kill " + kill + " the file holds neither model");
            found[which]++;
        }
        assertTrue(found[0] > 0 && found[1] > 0, "both models were found after kills: " + found[0] + " and "
                + found[1]);
        ModelFile.save(file, models[1]);
        assertEquals(List.of(), temps(file), "the next save removes what killed writers left");
        assertNotNull(ModelFile.load(file));
        System.out.printf("crash test: %d kills, %d mid-write (temporary file left), model 0 found %d times, "
                + "model 1 %d times%n", KILLS, killedMidWrite, found[0], found[1]);
    }

    private static List<Path> temps(Path file) throws IOException {
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.filter(f -> AtomicWrite.isTempFor(file, f)).toList();
        }
    }
}
