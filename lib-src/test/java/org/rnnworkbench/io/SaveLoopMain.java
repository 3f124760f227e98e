package org.rnnworkbench.io;

import java.nio.file.Path;
import org.rnnworkbench.io.ModelFile.Model;

/**
 * The writer process of {@link ModelFileCrashTest}: saves model {@code first}, then the other one,
 * and so on (stored and deflated in turn) to the file named by the first argument until it is
 * killed, printing "saved" after each save.
 */
public final class SaveLoopMain {
    private SaveLoopMain() {}

    /** Arguments: the model file, and which model to save first (0 or 1). */
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        Model[] models = {ModelFileCrashTest.model(0), ModelFileCrashTest.model(1)};
        // The first save loads classes and runs interpreted (about 150 ms); do it elsewhere, so the
        // kills land among saves of the usual few milliseconds.
        ModelFile.save(file.resolveSibling("warm-up.npz"), models[0]);
        System.out.println("ready");
        System.out.flush();
        for (long i = 0; ; i++) {
            ModelFile.save(file, models[(int) ((first + i) % 2)], i % 4 >= 2);
            System.out.println("saved");
            System.out.flush();
        }
    }
}
