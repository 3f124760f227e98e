package org.rnnworkbench.notebook;

/**
 * Where a long run reports its one progress line ("iteration 12,000 / 100,000 · loss 23.456 · …"). A
 * notebook passes a sink that replaces one displayed output in place; a command-line run passes one
 * that rewrites a terminal line. Called from the training thread, at most as often as the
 * {@link Progress} throttle allows.
 */
@FunctionalInterface
public interface ProgressSink {
    /** Shows {@code line}, replacing the previous one. */
    void accept(String line);

    /** A sink that drops every line. */
    static ProgressSink none() {
        return line -> { };
    }
}
