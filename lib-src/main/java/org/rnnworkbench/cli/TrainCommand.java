package org.rnnworkbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.io.TrainingCheckpoint;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.ClipRule;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.DivergenceException;
import org.rnnworkbench.lm.Gradients;
import org.rnnworkbench.lm.GruLmGradients;
import org.rnnworkbench.lm.LearningRateDecay;
import org.rnnworkbench.lm.LstmLmGradients;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingHistory;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;
import org.rnnworkbench.lm.Vocabulary;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.train.FastTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code train}: the assignment's {@code model(...)} on a text file, printing its log exactly, with
 * checkpoints that a later run continues from bit for bit, and a clean stop when training diverges.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Trains a character-level language model (the assignment's RNN, or a GRU or LSTM) on a text file (one "
                    + "example per line), as the assignment's model() does, and prints its log: the smoothed loss and "
                    + "sampled names every --sample-every iterations.",
            "On a terminal a progress bar shows on stderr. With --resume, settings not given on the command line "
                    + "are the checkpoint's; the cell is always the checkpoint's."},
        footer = {"", "Examples:",
            "  rnn-workbench train --iterations 4000",
            "  rnn-workbench train --hidden 65 --save model.npz --checkpoint-every 5000",
            "  rnn-workbench train --lr 0.05 --clip-norm 5",
            "  rnn-workbench train --cell lstm --save lstm.npz --checkpoint-every 5000",
            "  rnn-workbench train --resume model.npz"})
final class TrainCommand implements Callable<Integer> {
    static final String DEFAULT_DATA = "data/element_list.txt";

    /** Config keys of the model file, besides {@link TrainingCheckpoint#ITERATION}. */
    static final String CELL = "cell";
    static final String HIDDEN = "hidden";
    static final String LR = "lr";
    static final String LR_DECAY = "lr_decay";
    static final String CLIP = "clip";
    static final String CLIP_RULE = "clip_rule";
    static final String SAMPLES = "samples";
    static final String SAMPLE_EVERY = "sample_every";
    static final String SEED_INIT = "seed_init";
    static final String ITERATIONS = "iterations";
    static final String DATA = "data";
    static final String DATA_SHA256 = "data_sha256";
    static final String NO_CLIPPING = "none";

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", defaultValue = DEFAULT_DATA,
            description = "Training text, one example per line, UTF-8 (default: ${DEFAULT-VALUE}, relative to the "
                    + "working directory).")
    Path data;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "50",
            description = "Hidden units n_a (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "35000",
            description = "Iterations in all, one example each; with --resume, counted from the first run "
                    + "(default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01",
            description = "Learning rate of plain SGD (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr-decay", paramLabel = "DECAY", defaultValue = "none",
            description = "How the learning rate changes over the --iterations: 'none' (constant, the assignment's), "
                    + "'linear' (down to zero at the last iteration) or 'cosine'; with --resume, the checkpoint's "
                    + "(default: ${DEFAULT-VALUE}).")
    String lrDecay;

    @Option(names = "--clip", paramLabel = "VALUE", defaultValue = "5",
            description = "Clip every gradient entry to [-VALUE, VALUE], or 'none' (default: ${DEFAULT-VALUE}).")
    String clip;

    @Option(names = "--clip-norm", paramLabel = "NORM",
            description = "Clip by the global norm instead of --clip: scale all gradients together so that their "
                    + "norm is at most NORM, keeping the step's direction (not in the assignment).")
    String clipNorm;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "7",
            description = "Names sampled at each log point (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--sample-every", paramLabel = "N", defaultValue = "2000",
            description = "Log the loss and samples every N iterations (default: ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Option(names = "--cell", paramLabel = "CELL", defaultValue = "rnn",
            description = "Recurrent cell: 'rnn', 'gru' or 'lstm'; with --resume, the checkpoint's "
                    + "(default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--trainer", paramLabel = "LOOP", defaultValue = "fast",
            description = "Training loop: 'fast' (allocation-free, same log and losses to rounding, many times faster) "
                    + "or 'plain' (the reference implementation that mirrors the assignment's code) "
                    + "(default: ${DEFAULT-VALUE}).")
    String trainer;

    @Option(names = "--seed-init", paramLabel = "SEED", defaultValue = "1",
            description = "np.random.seed before the parameters are drawn (default: ${DEFAULT-VALUE}).")
    long seedInit;

    @Option(names = "--save", paramLabel = "MODEL",
            description = "Write the trained model (.npz) here, atomically; with --resume the default is the resumed "
                    + "file.")
    Path save;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Also write the model to --save every N iterations, so a stopped run can --resume.")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "MODEL",
            description = "Continue the run saved in MODEL: same cell, iteration counter, hidden state (and the "
                    + "LSTM's memory cell) and example order, so the losses are those of a run that never stopped.")
    Path resume;

    @Option(names = "--history", paramLabel = "CSV",
            description = "Write the per-iteration losses and gradient norms of this run as CSV, row by row while "
                    + "the run goes on (memory does not grow with --iterations).")
    Path history;

    @Option(names = "--overwrite",
            description = "Let --save replace an existing model file in a new run (without it, an existing model "
                    + "there is refused: --resume it instead). Files other than models are never replaced.")
    boolean overwrite;

    @Option(names = "--quiet",
            description = "Print no log, only a final line with the iterations, time, speed and loss.")
    boolean quiet;

    /** The settings of a run, from the options and, when resuming, the checkpoint. */
    private record Settings(Path dataGiven, boolean defaultData, int nA, int iterations, double lr,
            LearningRateDecay decay, double clipValue, ClipRule clipRule, int samples, int sampleEvery, long seedInit) {}

    /** Where a run writes: the model file and the history CSV (links followed; either may be null). */
    private record Targets(Path modelGiven, Path model, Path historyGiven, Path history) {}

    /** Streams nothing: without --history the rows are not kept at all. */
    private static final TrainingHistory.Rows NO_ROWS = (j, loss, smoothed, norms, clipped, fraction) -> { };

    @Override
    public Integer call() throws IOException {
        checkOptions();
        ModelFile.Model checkpoint = null;
        TrainingState start = null;
        Vocabulary checkpointVocabulary = null;
        Path resumeFile = null;
        Settings s;
        if (resume != null) {
            resumeFile = main.resolve(resume);
            checkpoint = Inputs.model("--resume", resume, resumeFile);
            start = TrainingCheckpoint.state(resumeFile, checkpoint);
            checkpointVocabulary = TrainingCheckpoint.vocabulary(resumeFile, checkpoint);
            s = resumedSettings(checkpoint);
            // The run goes on with the checkpoint's cell: check again what depends on the cell.
            checkOptions();
        } else {
            checkModelSize(hidden, 1);
            s = new Settings(data, !given("--data"), hidden, iterations, lr, commandLineDecay(), commandLineClip(),
                    commandLineClipRule(),
                    samples, sampleEvery, seedInit);
        }

        Path dataFile = main.resolve(s.dataGiven());
        if (resume != null && !given("--data") && !Files.exists(dataFile)) {
            throw new UserError("the training data of " + resume + ", " + s.dataGiven()
                    + ", is not there any more; give it with --data FILE");
        }
        Targets targets = checkOutputs(dataFile, s.dataGiven(), resumeFile);
        Inputs.Data loaded = Inputs.load(s.dataGiven(), dataFile, s.defaultData(), main.workingDirectory);
        Dataset dataset = loaded.dataset();
        String dataHash = loaded.sha256();
        if (checkpoint != null) {
            checkSameData(checkpoint, checkpointVocabulary, start, dataset, s.dataGiven(), dataHash);
            if (start.iteration() >= s.iterations()) {
                main.err.println(spec.qualifiedName() + ": " + resume + " has already done "
                        + iterationsText(start.iteration()) + "; nothing to train (ask for more with --iterations)");
                return 0;
            }
        } else {
            checkModelSize(s.nA(), dataset.vocabulary().size());
        }
        Map<String, String> config = config(s, dataFile, dataHash);
        return train(dataset, s, start, targets, config);
    }

    /**
     * Checks every output before any work (see {@link OutputPaths}): the model file (--save, or the
     * resumed file) and the history; returns the files to write, links followed.
     */
    private Targets checkOutputs(Path dataFile, Path dataGiven, Path resumeFile) {
        OutputPaths paths = new OutputPaths();
        paths.input("--data", dataGiven.toString(), dataFile);
        if (resumeFile != null) {
            paths.input("--resume", resume.toString(), resumeFile);
        }
        Path modelGiven = save != null ? save : resume;
        OutputPaths.Output model = null;
        if (modelGiven != null) {
            String option = save != null ? "--save" : "--resume";
            model = paths.output(option, typed(option, modelGiven), main.resolve(modelGiven), OutputPaths.Kind.MODEL);
        }
        OutputPaths.Output csv = history == null ? null
                : paths.output("--history", typed("--history", history), main.resolve(history),
                        OutputPaths.Kind.HISTORY);
        paths.check(resumeFile == null ? null : resumeFile.toAbsolutePath(), overwrite);
        return new Targets(modelGiven, model == null ? null : model.file(), history,
                csv == null ? null : csv.file());
    }

    /** The option's value exactly as typed: a {@link Path} drops a trailing separator, which means "a folder". */
    private String typed(String option, Path parsed) {
        var matched = spec.commandLine().getParseResult().matchedOption(option);
        if (matched != null && !matched.originalStringValues().isEmpty()) {
            return matched.originalStringValues().get(matched.originalStringValues().size() - 1);
        }
        return parsed.toString();
    }

    /** A usage error when a model of {@code nA} hidden units over {@code v} characters would not fit (see {@link Limits}). */
    private void checkModelSize(int nA, int v) {
        String problem = Limits.modelTooLarge("--hidden", cellKind(), nA, v);
        if (problem != null) {
            throw usage(problem);
        }
    }

    private int train(Dataset dataset, Settings s, TrainingState start, Targets targets, Map<String, String> config)
            throws IOException {
        Vocabulary vocabulary = dataset.vocabulary();
        int first = start == null ? 0 : start.iteration();
        TrainingOptions.Builder b = TrainingOptions.builder().iterations(s.iterations()).nA(s.nA())
                .samplesPerCheckpoint(s.samples()).sampleEvery(s.sampleEvery()).learningRate(s.lr())
                .decay(s.decay()).clip(s.clipRule(), s.clipValue()).initSeed(s.seedInit()).cell(cellKind())
                .stopWhen(main.stop);
        Consumer<String> log = quiet ? null : piece -> {
            main.out.print(piece);
            // A reader that went away (| head) or a full disk ends the run after this iteration.
            if (main.stdoutFailed()) {
                main.stop.request(Main.EXIT_ERROR, null);
            }
        };
        if (checkpointEvery != null) {
            Path file = targets.model();
            b.snapshots(checkpointEvery, state -> TrainingCheckpoint.save(file, state, vocabulary, config));
        }
        if (main.stop.getAsBoolean()) {
            return stopped(s, null, first, targets, vocabulary, config, null);
        }
        try (HistoryFile csv = targets.history() == null ? null
                : HistoryFile.open(targets.history(), gradientNames(cellKind()), main.stop)) {
            b.streamHistory(csv != null ? csv : NO_ROWS);
            TerminalProgress bar = main.terminal ? new TerminalProgress(main.err, first, s.iterations(), 0,
                    Main.consoleCharset().name().startsWith("UTF")) : null;
            if (bar != null) {
                log = log == null ? null : bar.around(log);
                b.progress((j, total, loss) -> bar.update(j + 1L, loss));
            }
            b.log(log);

            TrainingResult result = null;
            DivergenceException divergence = null;
            long t0 = System.nanoTime();
            try {
                result = runTrainer(dataset, b.build(), start);
            } catch (DivergenceException e) {
                divergence = e;
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
            if (divergence != null) {
                return diverged(divergence, s, targets, vocabulary, config, csv);
            }
            if (main.stop.getAsBoolean()) {
                return stopped(s, result, first, targets, vocabulary, config, csv);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;

            if (targets.model() != null) {
                TrainingCheckpoint.save(targets.model(), result.state(), vocabulary, config);
            }
            commitHistory(csv);
            int done = result.iterations() - first;
            if (quiet) {
                main.out.printf(Locale.ROOT, "trained %d iterations in %.1f s (%.0f it/s), final smoothed loss %f%n",
                        done, seconds, done / seconds, result.loss());
            } else if (targets.model() != null) {
                main.err.println(spec.qualifiedName() + ": saved the model (" + iterationsText(result.iterations())
                        + ") to " + targets.modelGiven());
            }
            return 0;
        }
    }

    /** Runs the loop the options ask for: the fast one for the RNN and the GRU, else the plain one. */
    private TrainingResult runTrainer(Dataset dataset, TrainingOptions options, TrainingState start) {
        if (trainer.equals("fast")) {
            return start == null ? FastTraining.model(dataset, options) : FastTraining.model(dataset, options, start);
        }
        return start == null ? Trainer.model(dataset, options) : Trainer.model(dataset, options, start);
    }

    /** The gradient columns of the history of a {@code cell} run. */
    private static List<String> gradientNames(CellKind cell) {
        return switch (cell) {
            case RNN -> Gradients.NAMES;
            case GRU -> GruLmGradients.NAMES;
            case LSTM -> LstmLmGradients.NAMES;
        };
    }

    /** Puts the streamed history in place; a write error is a one-line error (the model is already saved). */
    private void commitHistory(HistoryFile csv) {
        if (csv == null) {
            return;
        }
        try {
            csv.commit();
        } catch (IOException e) {
            throw new UserError("cannot write the history " + history + ": " + e.getMessage()
                    + (save != null || resume != null ? "; the model was saved" : ""), e);
        }
    }

    /**
     * A run stopped early by a signal or a write error: saves the state after the last finished iteration
     * (when this run did any), puts the history of those iterations in place, and says in one line where
     * the model is. Returns the stop's exit code.
     */
    private int stopped(Settings s, TrainingResult result, int first, Targets targets, Vocabulary vocabulary,
            Map<String, String> config, HistoryFile csv) {
        StopRequest stop = main.stop;
        String name = spec.qualifiedName();
        int done = result == null ? first : result.iterations();
        String cause = stop.signal() != null ? "stopped by " + stop.signal()
                : csv != null && csv.failure() != null ? "cannot write the history " + targets.historyGiven() + " ("
                        + csv.failure().getMessage() + ")"
                : main.stdoutProblem();
        String saved;
        if (targets.model() == null) {
            saved = "no model saved (give --save MODEL to keep one)";
        } else if (result == null || done == first) {
            saved = "no iteration finished, nothing saved";
        } else {
            TrainingCheckpoint.save(targets.model(), result.state(), vocabulary, config);
            saved = "saved the model (" + iterationsText(done) + ") to " + targets.modelGiven() + "; continue with "
                    + "--resume " + targets.modelGiven();
        }
        if (csv != null && csv.failure() == null && result != null) {
            try {
                csv.commit();
            } catch (IOException e) {
                saved += "; the history could not be written (" + e.getMessage() + ")";
            }
        }
        main.err.println(name + ": " + cause + " after " + iterationsText(done) + " of " + s.iterations() + "; "
                + saved);
        return stop.exitCode();
    }

    /** Reports the divergence, keeps the last good model and the history if asked, and gives exit code 3. */
    private int diverged(DivergenceException e, Settings s, Targets targets, Vocabulary vocabulary,
            Map<String, String> config, HistoryFile csv) {
        String clipAdvice = s.clipValue() == Double.POSITIVE_INFINITY ? "turn gradient clipping on (--clip 5)"
                : s.clipRule() == ClipRule.GLOBAL_NORM ? "lower the global-norm bound (--clip-norm, now "
                        + clipText(s.clipValue()) + ")"
                : "lower the clipping bound (--clip, now " + clipText(s.clipValue()) + ")";
        main.err.println(spec.qualifiedName() + ": training diverged at iteration " + e.iteration() + ": " + e.problem()
                + " (example \"" + e.example() + "\"). Lower the learning rate (--lr, now " + s.lr() + ") or "
                + clipAdvice + ".");
        TrainingResult good = e.result();
        if (targets.model() != null) {
            TrainingCheckpoint.save(targets.model(), good.state(), vocabulary, config);
            main.err.println(spec.qualifiedName() + ": saved the last good model (" + iterationsText(good.iterations())
                    + ") to " + targets.modelGiven());
        }
        commitHistory(csv);
        return Main.EXIT_DIVERGED;
    }

    /** Usage errors: values out of range, options that need others. */
    private void checkOptions() {
        positive("--hidden", hidden);
        positive("--iterations", iterations);
        positive("--samples", samples);
        String tooMany = Limits.samplesTooMany("--samples", samples);
        if (tooMany != null) {
            throw usage(tooMany);
        }
        positive("--sample-every", sampleEvery);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw usage("--lr must be a positive number but was " + lr);
        }
        commandLineDecay();
        clipValue(clip);
        if (clipNorm != null) {
            if (given("--clip")) {
                throw usage("--clip and --clip-norm cannot be combined: --clip clips each gradient entry, --clip-norm "
                        + "the norm of all of them; give one");
            }
            clipNormValue(clipNorm);
        }
        if (!cell.equals("rnn") && !cell.equals("gru") && !cell.equals("lstm")) {
            throw usage("--cell " + cell + " is unknown; the cells available are rnn, gru and lstm");
        }
        if (!trainer.equals("plain") && !trainer.equals("fast")) {
            throw usage("--trainer " + trainer + " is unknown; use plain or fast");
        }
        if (seedInit < 0 || seedInit > NumpyRandom.MAX_SEED) {
            throw usage("--seed-init must be in [0, " + NumpyRandom.MAX_SEED + "] but was " + seedInit);
        }
        if (checkpointEvery != null) {
            positive("--checkpoint-every", checkpointEvery);
            if (save == null && resume == null) {
                throw usage("--checkpoint-every needs --save MODEL (or --resume MODEL) to know where to write");
            }
        }
    }

    private CellKind cellKind() {
        return switch (cell) {
            case "gru" -> CellKind.GRU;
            case "lstm" -> CellKind.LSTM;
            default -> CellKind.RNN;
        };
    }

    /** The checkpoint's settings, overridden by the options given on the command line. */
    private Settings resumedSettings(ModelFile.Model m) {
        Map<String, String> c = m.config();
        if (given("--cell") && cellKind() != m.cell()) {
            throw new UserError("--cell " + cell + " does not match " + resume + ", which holds " + article(m.cell())
                    + " model; leave --cell out to continue it");
        }
        cell = m.cell().id();
        int nA = m.cellParameters().nA();
        if (given("--hidden") && hidden != nA) {
            throw new UserError("--hidden " + hidden + " does not match " + resume + ", which has " + nA
                    + " hidden units; leave --hidden out to continue with them");
        }
        long fileSeed = configWhole(c, SEED_INIT, seedInit, 0, NumpyRandom.MAX_SEED);
        if (given("--seed-init") && seedInit != fileSeed) {
            throw new UserError("--seed-init " + seedInit + " does not match " + resume + ", which was initialised "
                    + "with seed " + fileSeed + "; leave --seed-init out when resuming");
        }
        Path dataGiven;
        if (given("--data")) {
            dataGiven = data;
        } else if (c.containsKey(DATA)) {
            dataGiven = Path.of(c.get(DATA));
        } else {
            throw new UserError(resume + " does not name its training data; give it with --data FILE");
        }
        double fileLr = configDouble(c, LR, lr);
        if (!(fileLr > 0) || Double.isInfinite(fileLr)) {
            throw new UserError(resume + ": config '" + LR + "' is \"" + c.get(LR) + "\", not a positive number");
        }
        double fileClip = c.containsKey(CLIP) ? configClip(c.get(CLIP)) : clipValue(clip);
        ClipRule fileRule = c.containsKey(CLIP_RULE) ? configClipRule(c.get(CLIP_RULE)) : ClipRule.ELEMENT_WISE;
        double runLr = given("--lr") ? lr : fileLr;
        LearningRateDecay fileDecay = c.containsKey(LR_DECAY) ? configDecay(c.get(LR_DECAY)) : LearningRateDecay.NONE;
        LearningRateDecay runDecay = given("--lr-decay") ? commandLineDecay() : fileDecay;
        if (!quiet && runDecay != fileDecay) {
            main.err.println(spec.qualifiedName() + ": note: continuing with --lr-decay " + runDecay.id() + " where "
                    + resume + " was trained with " + fileDecay.id()
                    + "; the losses will differ from those of an uninterrupted run");
        }
        boolean clipGiven = given("--clip") || clipNorm != null;
        double runClip = clipGiven ? commandLineClip() : fileClip;
        ClipRule runRule = clipGiven ? commandLineClipRule() : fileRule;
        if (!quiet && (runLr != fileLr || runClip != fileClip || runRule != fileRule)) {
            main.err.println(spec.qualifiedName() + ": note: continuing with --lr " + runLr + " and "
                    + clipOption(runRule) + " " + clipText(runClip) + " where " + resume + " was trained with " + fileLr
                    + " and " + (runRule == fileRule ? "" : clipOption(fileRule) + " ") + clipText(fileClip)
                    + "; the losses will differ from those of an uninterrupted run");
        }
        return new Settings(dataGiven, false, nA,
                given("--iterations") ? iterations : (int) configWhole(c, ITERATIONS, iterations, 1, Integer.MAX_VALUE),
                runLr, runDecay, runClip, runRule,
                given("--samples") ? samples : (int) configWhole(c, SAMPLES, samples, 1, Limits.MAX_SAMPLES),
                given("--sample-every") ? sampleEvery
                        : (int) configWhole(c, SAMPLE_EVERY, sampleEvery, 1, Integer.MAX_VALUE),
                fileSeed);
    }

    /** Refuses to continue a run on other data than it started on. */
    private void checkSameData(ModelFile.Model m, Vocabulary checkpointVocabulary, TrainingState start, Dataset dataset,
            Path dataGiven, String dataHash) {
        String fileHash = m.config().get(DATA_SHA256);
        if (fileHash != null && !fileHash.equals(dataHash)) {
            throw new UserError("cannot resume: " + resume + " was trained on "
                    + m.config().getOrDefault(DATA, "other data") + " (sha256 " + abbreviate(fileHash) + ") but "
                    + dataGiven + " has other content (sha256 "
                    + abbreviate(dataHash) + "); resume on the same data, or train a new model without --resume");
        }
        if (!checkpointVocabulary.equals(dataset.vocabulary())) {
            throw new UserError("cannot resume: " + resume + " has the vocabulary " + checkpointVocabulary + " but "
                    + dataGiven + " has " + dataset.vocabulary());
        }
        if (start.numExamples() != dataset.size()) {
            throw new UserError("cannot resume: " + resume + " was trained on " + start.numExamples() + " examples but "
                    + dataGiven + " has " + dataset.size());
        }
    }

    private Map<String, String> config(Settings s, Path dataFile, String dataHash) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(CELL, cellKind().id());
        c.put(HIDDEN, Integer.toString(s.nA()));
        c.put(LR, Double.toString(s.lr()));
        c.put(LR_DECAY, s.decay().id());
        c.put(CLIP, clipText(s.clipValue()));
        c.put(CLIP_RULE, s.clipRule().id());
        c.put(SAMPLES, Integer.toString(s.samples()));
        c.put(SAMPLE_EVERY, Integer.toString(s.sampleEvery()));
        c.put(SEED_INIT, Long.toString(s.seedInit()));
        c.put(ITERATIONS, Integer.toString(s.iterations()));
        c.put(DATA, dataFile.toAbsolutePath().normalize().toString());
        c.put(DATA_SHA256, dataHash);
        return c;
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private void positive(String option, long value) {
        if (value <= 0) {
            throw usage(option + " must be a positive whole number but was " + value);
        }
    }

    private double clipValue(String text) {
        if (text.equalsIgnoreCase(NO_CLIPPING)) {
            return Double.POSITIVE_INFINITY;
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw usage("--clip must be a positive number or 'none' but was '" + text + "'");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw usage("--clip must be a positive number or 'none' but was '" + text + "'");
        }
        return v;
    }

    /** The clipping bound the command line asks for: --clip-norm's when given, else --clip's. */
    private double commandLineClip() {
        return clipNorm != null ? clipNormValue(clipNorm) : clipValue(clip);
    }

    private ClipRule commandLineClipRule() {
        return clipNorm != null ? ClipRule.GLOBAL_NORM : ClipRule.ELEMENT_WISE;
    }

    private double clipNormValue(String text) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw usage("--clip-norm must be a positive number but was '" + text + "'");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw usage("--clip-norm must be a positive number but was '" + text + "'");
        }
        return v;
    }

    /** The option that sets a clipping rule's bound. */
    private static String clipOption(ClipRule rule) {
        return rule == ClipRule.GLOBAL_NORM ? "--clip-norm" : "--clip";
    }

    private LearningRateDecay commandLineDecay() {
        try {
            return LearningRateDecay.of(lrDecay);
        } catch (IllegalArgumentException e) {
            throw usage("--lr-decay must be none, linear or cosine but was '" + lrDecay + "'");
        }
    }

    private LearningRateDecay configDecay(String text) {
        try {
            return LearningRateDecay.of(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(resume + ": config '" + LR_DECAY + "' is \"" + text + "\", not none, linear or cosine", e);
        }
    }

    private ClipRule configClipRule(String text) {
        try {
            return ClipRule.fromId(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(resume + ": config '" + CLIP_RULE + "' is \"" + text + "\", not "
                    + ClipRule.ELEMENT_WISE.id() + " or " + ClipRule.GLOBAL_NORM.id(), e);
        }
    }

    private static String clipText(double clipValue) {
        return clipValue == Double.POSITIVE_INFINITY ? NO_CLIPPING : Double.toString(clipValue);
    }

    private double configClip(String text) {
        if (text.equals(NO_CLIPPING)) {
            return Double.POSITIVE_INFINITY;
        }
        double v = parseConfig(CLIP, text);
        if (!(v > 0)) {
            throw new UserError(resume + ": config '" + CLIP + "' is \"" + text
                    + "\", not a positive number or 'none'");
        }
        return v;
    }

    private double configDouble(Map<String, String> c, String key, double fallback) {
        return c.containsKey(key) ? parseConfig(key, c.get(key)) : fallback;
    }

    private long configWhole(Map<String, String> c, String key, long fallback, long min, long max) {
        if (!c.containsKey(key)) {
            return fallback;
        }
        double v = parseConfig(key, c.get(key));
        if (v != Math.rint(v) || v < min || v > max) {
            throw new UserError(resume + ": config '" + key + "' is \"" + c.get(key) + "\", not a whole number in ["
                    + min + ", " + max + "]");
        }
        return (long) v;
    }

    private double parseConfig(String key, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UserError(resume + ": config '" + key + "' is \"" + text + "\", not a number", e);
        }
    }

    /** "an RNN", "a GRU", "an LSTM". */
    private static String article(CellKind kind) {
        return (kind == CellKind.GRU ? "a " : "an ") + kind;
    }

    private static String iterationsText(int n) {
        return n + (n == 1 ? " iteration" : " iterations");
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "..." : hash;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
