package org.rnnworkbench.io;

import java.nio.file.Path;

/**
 * A model file could not be read or written. The message starts with the file and says what is
 * wrong, e.g. {@code model.npz: entry 'Waa' is missing}. Unchecked, so notebook cells and lambdas
 * need no ceremony; the training loop catches it to keep its last good parameters.
 */
public class ModelFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String problem;

    /** {@code problem} is the message without the file name, e.g. "entry 'Waa' is missing". */
    public ModelFileException(Path path, String problem) {
        this(path, problem, null);
    }

    /** As {@link #ModelFileException(Path, String)}, keeping the low-level cause. */
    public ModelFileException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
        this.problem = problem;
    }

    /** The file that was being read or written. */
    public Path path() {
        return path;
    }

    /** The message without the file name. */
    public String problem() {
        return problem;
    }
}
