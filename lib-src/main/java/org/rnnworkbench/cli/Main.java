package org.rnnworkbench.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.rnnworkbench.Workbench;
import org.rnnworkbench.io.ModelFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of {@code java -jar rnn-workbench.jar}: the {@code train}, {@code sample}
 * and {@code sweep} commands. Errors a user can cause (a missing file, a bad option value, a corrupt model) are one
 * line on stderr and a non-zero exit code, never a stack trace unless {@code --debug} is given.
 */
@Command(name = "rnn-workbench",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "RNN Workbench: train, sample and sweep character-level language models (RNN, GRU, LSTM).",
        subcommands = {TrainCommand.class, SampleCommand.class, SweepCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:an error in a file or setting found while running (missing or empty data, unreadable model, ...)",
            "2:a usage error (unknown option, bad option value)",
            "3:training diverged (NaN or infinity); the last good model is saved if --save was given",
            "70:an internal error (a bug; its stack trace is printed)",
            "130:stopped by SIGINT (Ctrl-C); with --save the model of the last finished iteration is saved",
            "143:stopped by SIGTERM; as for SIGINT"})
public final class Main implements Callable<Integer> {
    /** Exit code of a problem found while running: a missing or bad file, data that does not fit a checkpoint. */
    public static final int EXIT_ERROR = 1;
    /** Exit code of a usage error (picocli's). */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    /** Exit code of a training run stopped by a NaN or infinity. */
    public static final int EXIT_DIVERGED = 3;
    /** Exit code of an unexpected exception, a bug (BSD's EX_SOFTWARE). */
    public static final int EXIT_INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the Java stack trace of an error as well as its message.")
    boolean debug;

    final PrintStream out;
    final PrintStream err;
    final Path workingDirectory;
    final boolean terminal;
    /** Remembers why stdout failed, when known (null: the reason is not known). */
    final RecordingOutputStream outErrors;
    /** Set by a signal or a write error; the commands end early when it is. */
    final StopRequest stop;

    /** A command line writing to {@code out} and {@code err}, relative paths resolved against {@code workingDirectory}. */
    Main(PrintStream out, PrintStream err, Path workingDirectory, boolean terminal) {
        this(out, err, workingDirectory, terminal, null, new StopRequest());
    }

    /** As above, with the stream under {@code out} that records its write errors, and the stop request signals set. */
    Main(PrintStream out, PrintStream err, Path workingDirectory, boolean terminal, RecordingOutputStream outErrors,
            StopRequest stop) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.terminal = terminal;
        this.outErrors = outErrors;
        this.stop = Objects.requireNonNull(stop, "stop");
    }

    public static void main(String[] args) {
        RecordingOutputStream stdout = new RecordingOutputStream(new FileOutputStream(FileDescriptor.out));
        PrintStream out = new PrintStream(new BufferedOutputStream(stdout), false, consoleCharset());
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, consoleCharset());
        StopRequest stop = new StopRequest();
        // Only train turns SIGINT/SIGTERM into "save the last good state and stop". Every other command
        // keeps the JVM's default and ends at once: a sweep task cancelled by its scheduler must leave no
        // result, not finish its run while the signal waits.
        if (isTrain(args)) {
            stop.installSignalHandlers();
        }
        int code = new Main(out, err, Path.of(""), System.console() != null, stdout, stop).execute(args);
        System.exit(code);
    }

    /** True when the command (the first argument that is not an option) is {@code train}. */
    static boolean isTrain(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a.equals("train");
            }
        }
        return false;
    }

    /** Runs the command line on the standard streams and returns its exit code (0 on success). */
    public static int run(String... args) {
        return run(System.out, System.err, args);
    }

    /** Runs the command line writing to {@code out} and {@code err} (no progress bar) and returns its exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return new Main(out, err, Path.of(""), false).execute(args);
    }

    /** Parses {@code args}, runs the command and returns its exit code; the streams are flushed. */
    int execute(String... args) {
        CommandLine cl = new CommandLine(this);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler(this::usageError);
        cl.setExecutionExceptionHandler(this::runtimeError);
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // A size the checks let through (they estimate): still one line, never a stack trace.
            err.println("rnn-workbench: out of memory (" + e.getMessage() + "); give Java more with -Xmx or ask for "
                    + "a smaller model (--hidden, --samples) or less data");
            code = EXIT_ERROR;
        }
        if (stdoutFailed() && code == 0) {
            err.println("rnn-workbench: " + stdoutProblem());
            code = EXIT_ERROR;
        }
        err.flush();
        return code;
    }

    /** Flushes stdout and tells whether any write to it failed (a reader that went away, a full disk). */
    boolean stdoutFailed() {
        return out.checkError();
    }

    /** The one-line description of a stdout failure, with its cause when known. */
    String stdoutProblem() {
        String why = outErrors == null ? null : outErrors.problem();
        return "cannot write to standard output" + (why == null ? "" : " (" + why + ")");
    }

    /** No command: the usage goes to stderr, as for any other usage error. */
    @Override
    public Integer call() {
        err.println("rnn-workbench: no command given; use one of: train, sample, sweep");
        spec.commandLine().usage(err);
        return EXIT_USAGE;
    }

    /** A usage error: one line naming the command and the problem, with picocli's suggestions if any; exit 2. */
    private int usageError(ParameterException error, String[] args) {
        CommandLine cl = error.getCommandLine();
        // picocli checks required options before it reports unknown ones; a mistyped option is the cause.
        ParameterException e = error instanceof MissingParameterException && !cl.getUnmatchedArguments().isEmpty()
                ? new UnmatchedArgumentException(cl, cl.getUnmatchedArguments()) : error;
        String name = cl.getCommandSpec().qualifiedName();
        StringBuilder line = new StringBuilder(name).append(": ").append(e.getMessage());
        if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line.append(" (did you mean ").append(String.join(" or ", u.getSuggestions())).append("?)");
        }
        line.append("; see '").append(name).append(" --help'");
        err.println(line);
        if (debugRequested(args)) {
            e.printStackTrace(err);
        }
        return EXIT_USAGE;
    }

    /** A problem found while running: a user's error is one line (exit 1), anything else is a bug (exit 70). */
    private int runtimeError(Exception e, CommandLine cl, ParseResult parsed) {
        String name = cl.getCommandSpec().qualifiedName();
        boolean debugging = debugRequested(parsed);
        if (e instanceof UserError || e instanceof ModelFileException) {
            err.println(name + ": " + e.getMessage());
            if (debugging) {
                e.printStackTrace(err);
            }
            return EXIT_ERROR;
        }
        err.println(name + ": internal error, please report it: " + e);
        e.printStackTrace(err);
        return EXIT_INTERNAL;
    }

    private static boolean debugRequested(ParseResult parsed) {
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** When parsing failed there is no parse result: look at the words themselves. */
    private static boolean debugRequested(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** The charset the terminal expects, or UTF-8 when the output goes to a file or pipe. */
    static Charset consoleCharset() {
        for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Resolves a path given on the command line against the working directory. */
    Path resolve(Path p) {
        return workingDirectory.resolve(p);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Workbench.describe()};
        }
    }
}
