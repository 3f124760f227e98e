package org.rnnworkbench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.rnnworkbench.io.AtomicWrite;
import org.rnnworkbench.sweep.Grid;
import org.rnnworkbench.sweep.GridException;
import org.rnnworkbench.sweep.RunSpec;
import org.rnnworkbench.sweep.SweepPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sweep}: a grid of trainings as numbered runs in a folder, run by task index anywhere (a Slurm
 * array task, a Kubernetes indexed job, this machine's threads) and collected into one table.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {
            "Plans a grid of trainings as numbered runs in a folder, runs them by task index (a Slurm array task, "
                    + "a Kubernetes indexed job) or all on this machine, and collects their results into one table.",
            "The grid file format is described in sweeps/README.md."},
        subcommands = {SweepCommand.Plan.class, SweepCommand.Run.class, SweepCommand.Status.class,
            SweepCommand.Collect.class, SweepCommand.Submit.class},
        footer = {"", "Example:",
            "  rnn-workbench sweep plan sweeps/example.grid --out runs/example",
            "  rnn-workbench sweep submit runs/example --slurm --max-parallel 8 -- --partition=short",
            "  rnn-workbench sweep status runs/example",
            "  rnn-workbench sweep collect runs/example"})
final class SweepCommand implements Runnable {
    /** Where the task index comes from when {@code --task} is not given (replaced by tests). */
    static Function<String, String> environment = System::getenv;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(main.out);
    }

    /** The plan in {@code dir}, or one line saying why there is none. */
    static SweepPlan open(Main main, Path dir) {
        try {
            return SweepPlan.open(main.resolve(dir));
        } catch (GridException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** Runs {@code body}, turning the sweep's own errors into one-line user errors. */
    static <T> T checked(Callable<T> body) throws Exception {
        try {
            return body.call();
        } catch (GridException e) {
            throw new UserError(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Checks GRID and writes its numbered runs, the data file and its SHA-256 to DIR/plan.json.")
    static final class Plan implements Callable<Integer> {
        @ParentCommand
        SweepCommand parent;

        @Parameters(index = "0", paramLabel = "GRID", description = "The grid file (see sweeps/README.md).")
        Path grid;

        @Option(names = "--out", paramLabel = "DIR", required = true,
                description = "The sweep folder: new, empty, or planned before on the same data.")
        Path out;

        @Override
        public Integer call() throws Exception {
            Main main = parent.main;
            return checked(() -> {
                Path file = main.resolve(grid);
                if (!Files.isRegularFile(file)) {
                    throw new UserError("grid file " + grid + (Files.exists(file) ? " is not a file" : " not found"));
                }
                SweepPlan p = SweepPlan.create(Grid.read(file), main.resolve(out));
                SweepPlan.Status s = p.status();
                main.out.printf(Locale.ROOT, "planned %d runs (tasks 0-%d) in %s on %s (SHA-256 %s); %d done already%n",
                        p.runs().size(), p.runs().size() - 1, out, p.data(), p.dataSha256().substring(0, 12),
                        s.done().size());
                return 0;
            });
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Trains one run of the sweep in DIR (--task, or the array index Slurm or Kubernetes gives) "
                    + "or every run not done yet (--local). A run already done is skipped; a failure is recorded.",
                "The task index defaults to $SLURM_ARRAY_TASK_ID, else $JOB_COMPLETION_INDEX."})
    static final class Run implements Callable<Integer> {
        @ParentCommand
        SweepCommand parent;

        @Parameters(index = "0", paramLabel = "DIR", description = "The sweep folder (from sweep plan).")
        Path dir;

        @Option(names = "--task", paramLabel = "N", description = "The run to train, from 0.")
        Integer task;

        @Option(names = "--local", description = "Train every run not done yet on this machine.")
        boolean local;

        @Option(names = "--threads", paramLabel = "K",
                description = "With --local: runs at the same time (default: the number of cores).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            Main main = parent.main;
            CommandLine cl = parent.spec.commandLine().getSubcommands().get("run");
            if (threads != null && !local) {
                throw new ParameterException(cl, "--threads needs --local");
            }
            if (threads != null && threads <= 0) {
                throw new ParameterException(cl, "--threads must be positive but was " + threads);
            }
            if (local && task != null) {
                throw new ParameterException(cl, "give --task N or --local, not both");
            }
            SweepPlan p = open(main, dir);
            if (local) {
                return checked(() -> runLocal(main, p, threads != null ? threads
                        : Runtime.getRuntime().availableProcessors()));
            }
            int n = task != null ? task : environmentTask(cl);
            return checked(() -> {
                RunSpec r = p.run(n);
                SweepPlan.Outcome o = p.runTask(n, p.loadData());
                switch (o) {
                    case ALREADY_DONE -> main.out.println("task " + n + " (" + r.id() + ") was done already");
                    case DONE -> main.out.println("task " + n + " (" + r.id() + ") done");
                    case FAILED -> main.err.println("rnn-workbench sweep run: task " + n + " (" + r.id() + ") failed: "
                            + p.status().failed().get(r));
                    default -> throw new IllegalStateException(o.toString());
                }
                return o == SweepPlan.Outcome.FAILED ? Main.EXIT_ERROR : 0;
            });
        }

        private static int environmentTask(CommandLine cl) {
            for (String name : List.of("SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX")) {
                String v = environment.apply(name);
                if (v != null && !v.isBlank()) {
                    try {
                        return Integer.parseInt(v.strip());
                    } catch (NumberFormatException e) {
                        throw new ParameterException(cl, "$" + name + " must be a task index but is '" + v + "'");
                    }
                }
            }
            throw new ParameterException(cl, "give --task N or --local (no $SLURM_ARRAY_TASK_ID or "
                    + "$JOB_COMPLETION_INDEX is set)");
        }

        private int runLocal(Main main, SweepPlan p, int k) {
            int total = p.runs().size();
            int[] counts = new int[2];
            counts[0] = total - p.unfinishedTasks().size();
            long t0 = System.nanoTime();
            if (main.terminal) {
                main.err.print(bar(counts[0], 0, total, 0));
            }
            Map<Integer, SweepPlan.Outcome> outcomes = p.runLocal(k, e -> {
                if (e.getValue() == SweepPlan.Outcome.FAILED) {
                    counts[1]++;
                } else {
                    counts[0]++;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (main.terminal) {
                    main.err.print(bar(counts[0], counts[1], total, seconds));
                } else {
                    main.out.printf(Locale.ROOT, "task %d (%s) %s; %d/%d done, %d failed%n", e.getKey(),
                            p.runs().get(e.getKey()).id(), e.getValue() == SweepPlan.Outcome.FAILED ? "failed" : "done",
                            counts[0], total, counts[1]);
                }
            });
            if (main.terminal) {
                main.err.println();
            }
            long failed = outcomes.values().stream().filter(o -> o == SweepPlan.Outcome.FAILED).count();
            main.out.printf(Locale.ROOT, "%d runs trained on %d threads in %.1f s; %d of %d done, %d failed%n",
                    outcomes.size(), k, (System.nanoTime() - t0) / 1e9, counts[0], total, failed);
            return failed == 0 ? 0 : Main.EXIT_ERROR;
        }

        /** One line redrawn in place: a bar of done runs, counts and elapsed time. */
        static String bar(int done, int failed, int total, double seconds) {
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) (done + failed) * width / total);
            return String.format(Locale.ROOT, "\r[%s%s] %d/%d done, %d failed, %.0f s ", "#".repeat(filled),
                    ".".repeat(width - filled), done, total, failed, seconds);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows how many runs of the sweep in DIR are done, failed or missing, and which.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        SweepCommand parent;

        @Parameters(index = "0", paramLabel = "DIR", description = "The sweep folder.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Main main = parent.main;
            SweepPlan p = open(main, dir);
            return checked(() -> {
                SweepPlan.Status s = p.status();
                main.out.printf(Locale.ROOT, "%d runs: %d done, %d failed, %d missing%n", s.total(), s.done().size(),
                        s.failed().size(), s.missing().size());
                s.failed().forEach((r, message) -> main.out.printf(Locale.ROOT, "failed: task %d %s: %s%n",
                        p.runs().indexOf(r), r.id(), message));
                if (!s.missing().isEmpty()) {
                    StringBuilder b = new StringBuilder("missing tasks:");
                    s.missing().forEach(r -> b.append(' ').append(p.runs().indexOf(r)));
                    main.out.println(b);
                }
                return 0;
            });
        }
    }

    @Command(name = "collect", mixinStandardHelpOptions = true,
            description = {"Writes one table of the sweep in DIR: a row per run sorted by id, its settings, status and "
                    + "final losses. The same results give the same bytes wherever and in whatever order they ran."})
    static final class Collect implements Callable<Integer> {
        @ParentCommand
        SweepCommand parent;

        @Parameters(index = "0", paramLabel = "DIR", description = "The sweep folder.")
        Path dir;

        @Option(names = "--out", paramLabel = "FILE", description = "The CSV file (default: DIR/results.csv).")
        Path out;

        @Override
        public Integer call() throws Exception {
            Main main = parent.main;
            SweepPlan p = open(main, dir);
            Path given = out != null ? out : dir.resolve("results.csv");
            Path file = main.resolve(given);
            return checked(() -> {
                Inputs.checkWritable("--out", given, file);
                if (Files.exists(file) && !isSweepTable(file)) {
                    throw new UserError("--out " + given + " exists and is not a sweep table; give another file name");
                }
                p.writeCollected(file);
                SweepPlan.Status s = p.status();
                main.out.printf(Locale.ROOT, "%s: %d runs (%d done, %d failed, %d missing)%n", given, s.total(),
                        s.done().size(), s.failed().size(), s.missing().size());
                return 0;
            });
        }

        private static boolean isSweepTable(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String first = r.readLine();
                return first != null && first.startsWith("id,cell,hidden,learning_rate,");
            } catch (java.nio.charset.MalformedInputException e) {
                return false;
            }
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Writes DIR/sweep.sbatch, a Slurm job array with one task per run, and submits it with sbatch.",
                "Options after -- go to sbatch (e.g. -- --partition=short --time=01:00:00)."})
    static final class Submit implements Callable<Integer> {
        @ParentCommand
        SweepCommand parent;

        @Parameters(index = "0", paramLabel = "DIR", description = "The sweep folder.")
        Path dir;

        @Parameters(index = "1..*", paramLabel = "SBATCH_OPTION", description = "Given to sbatch (after --).")
        List<String> sbatchOptions = List.of();

        @Option(names = "--slurm", description = "Submit to Slurm as a job array (the scheduler supported).")
        boolean slurm;

        @Option(names = "--max-parallel", paramLabel = "P", description = "At most P tasks run at once (%%P).")
        Integer maxParallel;

        @Option(names = "--only-failed", description = "Submit only the runs that failed or are missing.")
        boolean onlyFailed;

        @Option(names = "--print", description = "Print the script and the sbatch command; submit nothing.")
        boolean print;

        @Override
        public Integer call() throws Exception {
            Main main = parent.main;
            CommandLine cl = parent.spec.commandLine().getSubcommands().get("submit");
            if (!slurm) {
                throw new ParameterException(cl, "give --slurm (Slurm job arrays are the scheduler supported; for "
                        + "Kubernetes see docs/sweeps.md)");
            }
            if (maxParallel != null && maxParallel <= 0) {
                throw new ParameterException(cl, "--max-parallel must be positive but was " + maxParallel);
            }
            SweepPlan p = open(main, dir);
            return checked(() -> {
                p.checkData();
                List<Integer> tasks = onlyFailed ? p.unfinishedTasks()
                        : java.util.stream.IntStream.range(0, p.runs().size()).boxed().toList();
                if (tasks.isEmpty()) {
                    main.out.println("nothing to submit: all " + p.runs().size() + " runs of " + dir + " are done");
                    return 0;
                }
                if (p.dir().toString().chars().anyMatch(Character::isWhitespace)) {
                    // An #SBATCH line ends its value at the first blank: --output could not name the logs.
                    throw new UserError("the sweep folder " + p.dir() + " has a blank in its path, which an #SBATCH "
                            + "line cannot hold; plan the sweep into a folder without blanks");
                }
                SlurmScript script = SlurmScript.of(p, tasks, maxParallel);
                Path file = p.dir().resolve("sweep.sbatch");
                List<String> command = script.command(file, sbatchOptions);
                if (print) {
                    main.out.print(script.text());
                    main.out.println("# submit with: " + SlurmScript.shellWords(command));
                    return 0;
                }
                Files.createDirectories(script.logs());
                byte[] bytes = script.text().getBytes(StandardCharsets.UTF_8);
                AtomicWrite.write(file, temp -> Files.write(temp, bytes));
                String job = script.submit(command);
                main.out.printf(Locale.ROOT, "submitted job %s: %d tasks (array %s) of %s; logs in %s%n", job,
                        tasks.size(), script.array(), dir, script.logs());
                return 0;
            });
        }
    }
}
