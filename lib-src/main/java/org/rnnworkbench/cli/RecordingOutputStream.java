package org.rnnworkbench.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output as the command line writes it: {@link java.io.PrintStream} swallows write errors
 * (a reader that went away, a full disk) and keeps only a flag, so this layer below it remembers the
 * first error to name it in the one-line message.
 */
final class RecordingOutputStream extends FilterOutputStream {
    private volatile IOException failure;

    /** Writes to {@code out}, remembering its first error. */
    RecordingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    private IOException remember(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** The first write error's message ("Broken pipe", "No space left on device"), or null. */
    String problem() {
        IOException f = failure;
        return f == null ? null : f.getMessage() == null ? f.getClass().getSimpleName() : f.getMessage();
    }
}
