package org.rnnworkbench.sweep;

/**
 * A grid file or sweep folder that cannot be used as it is (an unknown key, an empty axis, a value
 * out of range, data that changed since the plan): the message is one line naming the file, the line
 * where there is one, and the problem.
 */
public final class GridException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public GridException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, found through {@code cause}. */
    public GridException(String message, Throwable cause) {
        super(message, cause);
    }
}
