package org.rnnworkbench.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.rnnworkbench.io.AtomicWrite;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.io.ModelFileException;

/**
 * The files a run will write, checked before any work so that an output never destroys an input or
 * something the program did not create:
 * <ul>
 *   <li>a path ending in a separator, a folder, a device, a FIFO or a socket is refused;</li>
 *   <li>a symbolic link is followed: the file it points to is what gets replaced (the link stays), and
 *       every check below applies to that file; a link to nothing is refused;</li>
 *   <li>no output may be an input (the data file, the resumed model) or another output, compared as
 *       files (links and hard links included), except the resumed model at {@code --save};</li>
 *   <li>an existing file is replaced only when it is of the output's kind (a model file at
 *       {@code --save}, a history CSV at {@code --history}); an existing model at {@code --save} only
 *       when it is the resumed one or {@code --overwrite} is given;</li>
 *   <li>the folder must exist and take a new file (one is created and deleted, named as the atomic
 *       write names its temporary files), and an existing file must open for writing.</li>
 * </ul>
 */
final class OutputPaths {
    /** What an output holds, which decides what may already be at its path. */
    enum Kind { MODEL, HISTORY }

    /**
     * One output: the option, the path as typed, and the file to write (links followed, absolute).
     *
     * @param exists whether a file is already there (to be replaced)
     */
    record Output(String option, String given, Path file, Kind kind, boolean exists) {}

    /** An input the outputs must not touch: the option and the file (absolute). */
    record Input(String option, String given, Path file) {}

    private final List<Output> outputs = new ArrayList<>();
    private final List<Input> inputs = new ArrayList<>();

    /** Adds an input file (ignored when it does not exist: nothing there to protect). */
    void input(String option, String given, Path file) {
        inputs.add(new Input(option, given, file.toAbsolutePath()));
    }

    /**
     * Checks the form of an output path ({@code text} as typed, {@code file} resolved against the working
     * directory) and adds it; see the class comment. Throws {@link UserError}.
     */
    Output output(String option, String text, Path file, Kind kind) {
        if (text.isEmpty()) {
            throw new UserError(option + " needs a file name, not an empty text");
        }
        if (text.endsWith("/") || text.endsWith(File.separator)) {
            throw new UserError(option + " " + text + " names a folder; give a file name");
        }
        Path target = followLinks(option, text, file.toAbsolutePath());
        if (Files.isDirectory(target)) {
            throw new UserError(option + " " + text + " is a folder; give a file name");
        }
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserError(option + " " + text + " is not a regular file (a device, a pipe or a socket); "
                    + "refusing to replace it");
        }
        Output o = new Output(option, text, target, kind, exists);
        outputs.add(o);
        return o;
    }

    /**
     * Checks every output against the inputs and the other outputs, then what is at each path and
     * whether it can be written. {@code resumed} is the resumed model's file (null in a new run), which
     * {@code --save} may replace; {@code overwrite} allows replacing another existing model.
     */
    void check(Path resumed, boolean overwrite) {
        for (int i = 0; i < outputs.size(); i++) {
            Output o = outputs.get(i);
            for (Input in : inputs) {
                boolean mayReplace = o.kind() == Kind.MODEL && resumed != null && in.file().equals(resumed);
                if (!mayReplace && sameFile(o.file(), in.file())) {
                    throw new UserError(o.option() + " " + o.given() + " is the same file as " + in.option() + " "
                            + in.given() + "; writing it would destroy that input; give another file name");
                }
            }
            for (int k = 0; k < i; k++) {
                Output other = outputs.get(k);
                if (sameFile(o.file(), other.file())) {
                    throw new UserError(o.option() + " " + o.given() + " is the same file as " + other.option() + " "
                            + other.given() + "; give each output its own file");
                }
            }
        }
        for (Output o : outputs) {
            if (o.exists()) {
                checkReplaceable(o, resumed, overwrite);
            }
            checkWritable(o);
        }
    }

    /** Whether {@code file} is {@code resumed} (both absolute; links followed when they exist). */
    static boolean isResumed(Path file, Path resumed) {
        return resumed != null && sameFile(file, resumed);
    }

    private static void checkReplaceable(Output o, Path resumed, boolean overwrite) {
        if (o.kind() == Kind.MODEL) {
            try {
                ModelFile.load(o.file());
            } catch (ModelFileException e) {
                throw new UserError(o.option() + " " + o.given() + " already exists and is not a model file ("
                        + e.problem() + "); refusing to replace it: give another file name", e);
            }
            if (!isResumed(o.file(), resumed) && !overwrite) {
                throw new UserError(o.option() + " " + o.given() + " already holds a model; continue it with "
                        + "--resume " + o.given() + ", or replace it with --overwrite");
            }
        } else if (!isHistoryCsv(o.file())) {
            throw new UserError(o.option() + " " + o.given() + " already exists and is not a training history CSV; "
                    + "refusing to replace it: give another file name");
        }
    }

    /** A history this program wrote starts with the columns of every history: iteration, loss, smoothed loss. */
    private static boolean isHistoryCsv(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            char[] start = new char[64];
            int n = r.read(start);
            return n > 0 && new String(start, 0, n).startsWith("iteration,loss,smoothed_loss,");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Creates (and deletes) a file in the folder, and opens an existing target for writing without changing it. */
    private static void checkWritable(Output o) {
        Path dir = o.file().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + o.given() + " (" + o.option() + "): the folder " + dir
                    + " does not exist");
        }
        try {
            // Only the permission to create a file is tested; closing deletes it.
            AtomicWrite.begin(o.file()).close();
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot write " + o.given() + " (" + o.option() + "): cannot create a file in " + dir
                    + " (" + reason(e) + ")", e);
        }
        if (o.exists()) {
            // An immutable or read-only file would refuse the rename only at the end of the run.
            try {
                // Opened and closed: nothing written, nothing truncated.
                FileChannel.open(o.file(), StandardOpenOption.WRITE).close();
            } catch (IOException | RuntimeException e) {
                throw new UserError("cannot write " + o.given() + " (" + o.option() + "): the file cannot be replaced ("
                        + reason(e) + ")", e);
            }
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        String name = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2");
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return m == null ? name.toLowerCase(java.util.Locale.ROOT) : m;
    }

    /**
     * The file a possibly linked path names: the path itself when no part of it is a link, else the
     * link's target, resolved; a link to nothing is refused.
     */
    private static Path followLinks(String option, String text, Path file) {
        if (Files.exists(file)) {
            try {
                return file.toRealPath();
            } catch (IOException e) {
                throw new UserError("cannot write " + text + " (" + option + "): " + reason(e), e);
            }
        }
        if (Files.isSymbolicLink(file)) {
            throw new UserError(option + " " + text + " is a symbolic link to a file that does not exist; "
                    + "give the file itself");
        }
        Path parent = file.getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try {
                return parent.toRealPath().resolve(file.getFileName());
            } catch (IOException e) {
                throw new UserError("cannot write " + text + " (" + option + "): " + reason(e), e);
            }
        }
        return file;
    }

    /** Whether the two absolute paths name one file: equal paths, or one existing file reached two ways. */
    static boolean sameFile(Path a, Path b) {
        if (a.normalize().equals(b.normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
