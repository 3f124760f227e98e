package org.rnnworkbench.io;

import java.nio.file.Path;
import org.rnnworkbench.io.ModelFile.Model;

/**
 * The writer process of {@link ModelFileCrashTest}: saves model 1, model 0, model 1, ... to the
 * file named by the first argument (stored and deflated in turn) until it is killed.
 */
public final class SaveLoopMain {
    private SaveLoopMain() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Model[] models = {ModelFileCrashTest.model(0), ModelFileCrashTest.model(1)};
        // The first save loads classes and runs interpreted (about 150 ms); do it elsewhere, so the
        // kills land among saves of the usual few milliseconds.
        ModelFile.save(file.resolveSibling("warm-up.npz"), models[0]);
        System.out.println("ready");
        System.out.flush();
        for (long i = 1; ; i++) {
            ModelFile.save(file, models[(int) (i % 2)], i % 4 >= 2);
        }
    }
}
