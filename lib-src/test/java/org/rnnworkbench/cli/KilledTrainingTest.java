package org.rnnworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.io.TrainingCheckpoint;
import org.rnnworkbench.train.Vectorization;

/**
 * A training process killed without warning leaves its last checkpoint, and a run resumed from it
 * gives the losses and log of a run that was never stopped.
 */
class KilledTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aKilledRunResumesFromItsLastCheckpointWithTheSameLosses() throws Exception {
        Path model = dir.resolve("run.npz");
        Path childOutput = dir.resolve("child.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The child runs on the same kernels as this JVM: bit-for-bit equality holds within one kernel set.
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        if (Vectorization.isVectorized()) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--data",
                Path.of("data/element_list.txt").toAbsolutePath().toString(),
                "--hidden", "16", "--sample-every", "250", "--samples", "3", "--iterations", "1000000",
                "--save", model.toString(), "--checkpoint-every", "200", "--quiet"));
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(childOutput.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(model)) {
                if (!child.isAlive()) {
                    fail("the training process stopped by itself:\n" + Files.readString(childOutput));
                }
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint after two minutes:\n" + Files.readString(childOutput));
                }
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the training process did not die");
        }
        int k = TrainingCheckpoint.state(model, ModelFile.load(model)).iteration();
        assertTrue(k > 0 && k % 200 == 0, "checkpoint at iteration " + k);
        // The JVM's own line about the incubator module is all a quiet run may show before it ends.
        assertEquals("", Files.readString(childOutput).replace("WARNING: Using incubator modules: jdk.incubator.vector\n",
                ""), "a quiet run prints nothing before it ends");

        int end = k + 600;
        Path fullCsv = dir.resolve("full.csv");
        Cli.Run full = Cli.run(TrainCommandTest.args(new String[] {"--data", "data/element_list.txt", "--hidden", "16",
            "--sample-every", "250", "--samples", "3"}, "--iterations", Integer.toString(end), "--history",
                fullCsv.toString())).succeeded();
        Path restCsv = dir.resolve("rest.csv");
        Cli.Run rest = Cli.run("train", "--resume", model.toString(), "--iterations", Integer.toString(end),
                "--history", restCsv.toString()).succeeded();

        List<String> expected = Files.readAllLines(fullCsv);
        List<String> resumed = Files.readAllLines(restCsv);
        assertEquals(expected.get(0), resumed.get(0));
        assertEquals(expected.subList(k + 1, end + 1), resumed.subList(1, resumed.size()),
                "every loss and gradient norm from iteration " + k + " on");
        assertTrue(full.out().endsWith(rest.out()), "the resumed log is the end of the uninterrupted one");
        assertTrue(rest.out().startsWith("Iteration: "), rest.out());
    }
}
