package org.rnnworkbench.cli;

import org.rnnworkbench.Workbench;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code java -jar rnn-workbench.jar}. */
@Command(name = "rnn-workbench",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "RNN Workbench: train and sample character-level RNN language models.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 on success). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Workbench.describe()};
        }
    }
}
