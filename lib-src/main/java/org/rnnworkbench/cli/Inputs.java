package org.rnnworkbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.lm.Dataset;

/**
 * The files a command reads and writes, checked before any long work starts, with messages that name
 * the file as the user gave it. {@code given} is the path as typed, {@code file} the same resolved
 * against the working directory.
 */
final class Inputs {
    private Inputs() {}

    /** A training file read once: its examples and the SHA-256 of its bytes. */
    record Data(Dataset dataset, String sha256) {}

    /** The training data; a missing default file gets advice on where to run from. */
    static Dataset data(Path given, Path file, boolean isDefault, Path workingDirectory) {
        return load(given, file, isDefault, workingDirectory).dataset();
    }

    /**
     * The training data and its hash, read once within {@link Limits#maxDataBytes()}: the byte-order mark
     * dropped, and a file whose lines are all empty refused (there would be nothing to learn).
     */
    static Data load(Path given, Path file, boolean isDefault, Path workingDirectory) {
        exists(given, file, isDefault, workingDirectory);
        byte[] bytes = Limits.readData(given, file);
        Dataset dataset;
        try {
            dataset = Dataset.fromUtf8(bytes, given.toString());
        } catch (IOException | IllegalArgumentException e) {
            // Dataset's own messages name the file: "... is empty: ...", "...: line 3 is not valid UTF-8 ...".
            throw new UserError(e.getMessage(), e);
        }
        if (dataset.examples().stream().allMatch(String::isEmpty)) {
            throw new UserError("data file " + given + " has no line with text (only empty or blank lines); "
                    + "a language model needs at least one example");
        }
        return new Data(dataset, sha256(bytes));
    }

    private static void exists(Path given, Path file, boolean isDefault, Path workingDirectory) {
        if (!Files.exists(file)) {
            if (isDefault) {
                throw new UserError("no training data: the default file " + given + " is not in "
                        + workingDirectory.toAbsolutePath().normalize()
                        + "; run from the project's folder or give --data FILE");
            }
            throw new UserError("data file " + given + " not found");
        }
    }

    /** The SHA-256 of a file's bytes as lowercase hex, what {@code sha256sum} prints; read within the data limit. */
    static String sha256(Path given, Path file) {
        return sha256(Limits.readData(given, file));
    }

    /** The SHA-256 of {@code bytes} as lowercase hex. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** A model file; {@link ModelFile#load} reports anything wrong inside it. */
    static ModelFile.Model model(String option, Path given, Path file) {
        if (!Files.exists(file)) {
            throw new UserError("model file " + given + " (" + option + ") not found");
        }
        if (Files.isDirectory(file)) {
            throw new UserError("model file " + given + " (" + option + ") is a folder, not a model file");
        }
        return ModelFile.load(file);
    }

    /** Fails now, not after hours of training, when {@code file} cannot be written. */
    static void checkWritable(String option, Path given, Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError(option + " " + given + " is a folder; give a file name");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + given + " (" + option + "): the folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new UserError("cannot write " + given + " (" + option + "): the folder " + dir + " is not writable");
        }
    }
}
