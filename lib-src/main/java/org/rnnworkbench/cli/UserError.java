package org.rnnworkbench.cli;

/**
 * A problem with what the user gave, found while running (a missing data file, a model that does
 * not fit the data): shown as one line on stderr, exit code {@link Main#EXIT_ERROR}, no stack trace.
 */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message);
    }

    UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
