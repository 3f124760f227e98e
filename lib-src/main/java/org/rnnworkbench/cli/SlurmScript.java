package org.rnnworkbench.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.rnnworkbench.sweep.SweepPlan;

/**
 * The batch script of a sweep as a Slurm job array: one array task per run, each calling
 * {@code sweep run DIR} with the index Slurm gives it, with the same Java and class path as this
 * command, so the cluster runs exactly the code that planned the sweep.
 */
record SlurmScript(SweepPlan plan, List<Integer> tasks, Integer maxParallel, String java, String classPath) {

    /** The script for {@code tasks} of {@code plan}, at most {@code maxParallel} (null: no limit) at a time. */
    static SlurmScript of(SweepPlan plan, List<Integer> tasks, Integer maxParallel) {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(s -> Path.of(s).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
        return new SlurmScript(plan, List.copyOf(tasks), maxParallel, javaCommand, classPath);
    }

    /** The {@code --array} value: the tasks as ranges, e.g. {@code 0-5} or {@code 1,4-6%2}. */
    String array() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tasks.size(); ) {
            int j = i;
            while (j + 1 < tasks.size() && tasks.get(j + 1) == tasks.get(j) + 1) {
                j++;
            }
            b.append(b.length() == 0 ? "" : ",").append(tasks.get(i));
            if (j > i) {
                b.append('-').append(tasks.get(j));
            }
            i = j + 1;
        }
        if (maxParallel != null) {
            b.append('%').append(maxParallel);
        }
        return b.toString();
    }

    /** The folder of the tasks' output files. */
    Path logs() {
        return plan.dir().resolve("logs");
    }

    /** The script's text. */
    String text() {
        String dir = plan.dir().toString();
        String name = "sweep-" + plan.dir().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return "#!/bin/bash\n"
                + "# One array task per run of the sweep in " + dir + " (" + plan.runs().size() + " runs).\n"
                + "# Written by 'rnn-workbench sweep submit'; a task whose run is done already does nothing.\n"
                + "#SBATCH --job-name=" + name + "\n"
                + "#SBATCH --array=" + array() + "\n"
                + "#SBATCH --ntasks=1\n"
                + "#SBATCH --cpus-per-task=1\n"
                + "#SBATCH --output=" + logs() + "/%A_%a.out\n"
                + "set -eu\n"
                // One training is one thread: the serial collector keeps the JVM to the one core Slurm gives it.
                + "exec " + quote(java) + " -XX:+UseSerialGC -cp " + quote(classPath) + " org.rnnworkbench.cli.Main \\\n"
                + "    sweep run " + quote(dir) + " --task \"$SLURM_ARRAY_TASK_ID\"\n";
    }

    /** The sbatch command line for the script saved as {@code file}, with the user's options before it. */
    List<String> command(Path file, List<String> options) {
        List<String> c = new ArrayList<>();
        c.add("sbatch");
        c.add("--parsable");
        c.addAll(options);
        c.add(file.toString());
        return c;
    }

    /** Runs {@code command} and returns the job id sbatch prints; fails in one line when sbatch does. */
    String submit(List<String> command) throws IOException, InterruptedException {
        Process proc;
        try {
            proc = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UserError("cannot run sbatch (" + e.getMessage() + "): submit from a machine of the Slurm "
                    + "cluster, or see the script with --print");
        }
        byte[] out = proc.getInputStream().readAllBytes();
        byte[] err = proc.getErrorStream().readAllBytes();
        int code = proc.waitFor();
        String stdout = new String(out, StandardCharsets.UTF_8).strip();
        if (code != 0) {
            String message = new String(err, StandardCharsets.UTF_8).strip().replace('\n', ' ');
            throw new UserError("sbatch failed (exit " + code + "): " + (message.isEmpty() ? stdout : message));
        }
        // --parsable prints "jobid" or "jobid;cluster".
        return stdout.split(";", 2)[0];
    }

    /** A word safe inside a POSIX shell command. */
    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./=:,+%@-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code words} as one shell command line. */
    static String shellWords(List<String> words) {
        return words.stream().map(SlurmScript::quote).collect(Collectors.joining(" "));
    }
}
