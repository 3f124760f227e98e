package org.rnnworkbench.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Replaces a file so that a crash, a kill or a full disk at any moment leaves either the old file or
 * the complete new one, never a mixture: the content goes to a temporary file in the same folder
 * ({@code .<name>.<pid>-<random>.tmp}), which is flushed to disk ({@link FileChannel#force}), then
 * renamed over the target in one atomic step, and the folder itself is flushed where the platform
 * allows it. On any failure the temporary file is deleted and the target is untouched. A process
 * killed mid-write leaves its temporary file behind; the next write to the same target deletes
 * such files once the process that made them is gone.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Writes the whole content to the given temporary file (which exists and is empty). */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temp) throws Exception;
    }

    /** The steps of a write, reported to a test observer that may throw to simulate a failure. */
    enum Stage { TEMP_CREATED, CONTENT_WRITTEN, SYNCED, MOVED }

    /** Replaces {@code target} atomically with what {@code content} writes. */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, stage -> { });
    }

    static void write(Path target, Content content, Consumer<Stage> observer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || absolute.getFileName() == null) {
            throw new IOException("cannot write to " + target + ": it names no file");
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("the folder " + dir + (Files.exists(dir) ? " is not a folder" : " does not exist"));
        }
        removeStaleTemps(absolute);
        Path temp = createTemp(absolute);
        boolean moved = false;
        try {
            observer.accept(Stage.TEMP_CREATED);
            try {
                content.writeTo(temp);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
            observer.accept(Stage.CONTENT_WRITTEN);
            // Flushes the data through a new descriptor: fsync applies to the file, not the descriptor.
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            observer.accept(Stage.SYNCED);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            observer.accept(Stage.MOVED);
        } catch (IOException | RuntimeException | Error e) {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * Starts a write to {@code target} whose content is produced over time (a file streamed while a run
     * goes on): the content goes to {@link Pending#temp()}, a temporary file named, created and cleaned up
     * as {@link #write} does; {@link Pending#commit()} replaces the target in one step, and
     * {@link Pending#close()} without a commit deletes the temporary file, leaving the target untouched.
     */
    public static Pending begin(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || absolute.getFileName() == null) {
            throw new IOException("cannot write to " + target + ": it names no file");
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("the folder " + dir + (Files.exists(dir) ? " is not a folder" : " does not exist"));
        }
        removeStaleTemps(absolute);
        return new Pending(absolute, createTemp(absolute));
    }

    /** A write started by {@link #begin}: committed once, or removed when closed. */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path temp;
        private boolean done;

        private Pending(Path target, Path temp) {
            this.target = target;
            this.temp = temp;
        }

        /** The temporary file the content goes to (exists, empty at first). */
        public Path temp() {
            return temp;
        }

        /** Flushes the temporary file to disk and renames it over the target; on failure it is deleted. */
        public void commit() throws IOException {
            if (done) {
                throw new IllegalStateException("this write to " + target + " is already finished");
            }
            done = true;
            try {
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException | RuntimeException e) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            syncDirectory(target.getParent());
        }

        /** Deletes the temporary file unless the write was committed; the target is untouched. */
        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // nothing more can be done; the next write to the target removes it as stale
                }
            }
        }
    }

    /** Whether {@code candidate} is a temporary file of a write to {@code target}. */
    static boolean isTempFor(Path target, Path candidate) {
        return tempPid(target.toAbsolutePath(), candidate.getFileName().toString()).isPresent();
    }

    /** Deletes temporary files left for {@code target} by processes that no longer run. */
    static void removeStaleTemps(Path target) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Optional<Long> pid = tempPid(absolute, f.getFileName().toString());
                // A temporary file of this process or of a live one may be a write still in flight.
                if (pid.isEmpty() || pid.get() == self) {
                    continue;
                }
                boolean alive = ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException ignored) {
                        // another writer cleaned it first, or it is not ours to delete
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // cleaning up is best effort; the write itself reports real problems
        }
    }

    private static Optional<Long> tempPid(Path target, String name) {
        String prefix = "." + target.getFileName() + ".";
        if (!name.startsWith(prefix) || !name.endsWith(".tmp")) {
            return Optional.empty();
        }
        String middle = name.substring(prefix.length(), name.length() - ".tmp".length());
        int dash = middle.indexOf('-');
        if (dash <= 0 || dash == middle.length() - 1) {
            return Optional.empty();
        }
        try {
            Long.parseUnsignedLong(middle.substring(dash + 1), 16);
            return Optional.of(Long.parseLong(middle.substring(0, dash)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path createTemp(Path target) throws IOException {
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; ; attempt++) {
            String name = "." + target.getFileName() + "." + pid + "-" + Long.toHexString(RANDOM.nextLong() >>> 1)
                    + ".tmp";
            try {
                // Created with the default permissions (unlike Files.createTempFile's owner-only ones),
                // so the saved file is as readable as any other file the user writes there.
                return Files.createFile(target.resolveSibling(name));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename itself durable; not every platform can open a folder for this. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // e.g. Windows refuses to open a directory as a channel; the rename is still atomic there
        }
    }
}
