package org.rnnworkbench.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.rnnworkbench.io.AtomicWrite;
import org.rnnworkbench.io.ModelFile;
import org.rnnworkbench.io.TrainingCheckpoint;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.TrainingHistory;
import org.rnnworkbench.train.StreamResult;
import org.rnnworkbench.train.Sweep;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A sweep as numbered runs in a folder, whatever runs them: a Slurm array task, a Kubernetes indexed
 * job, or threads of this machine all call {@link #runTask(int, Dataset)} with the run's index.
 *
 * <pre>
 * DIR/plan.json                  the runs (index, id, settings), the data file and its SHA-256
 * DIR/results/ID/                a finished run: result.json, history.csv, model.npz
 * DIR/results/ID.failed.json     a run that failed, with its message (replaced by success later)
 * DIR/results/.work@PID@HOST@ID  a run in progress; renamed to results/ID in one step when complete
 * </pre>
 *
 * A run writes everything into its work folder and renames the folder when all of it is on disk, so a
 * run killed at any moment leaves no result, only a work folder that the next attempt removes.
 * Call order: {@link #create(Grid, Path)} once, then {@link #open(Path)} anywhere the folder is seen.
 */
public final class SweepPlan {
    /** The file in a sweep folder that holds the plan. */
    public static final String PLAN_FILE = "plan.json";
    /** The folder of results inside a sweep folder. */
    public static final String RESULTS = "results";
    /** The file of a finished run that holds its numbers. */
    public static final String RESULT_FILE = "result.json";
    private static final String FORMAT = "rnn-workbench sweep";
    private static final int VERSION = 1;
    private static final String WORK_PREFIX = ".work@";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    /** What became of one call of {@link #runTask}. */
    public enum Outcome {
        /** The run trained and its result is in place. */
        DONE,
        /** The run had a result already (or another process finished it first); nothing was trained. */
        ALREADY_DONE,
        /** The run failed; its message is in {@code results/ID.failed.json}. */
        FAILED
    }

    /** Where every run stands: done, failed (id → message), missing; each list in plan order. */
    public record Status(List<RunSpec> done, Map<RunSpec, String> failed, List<RunSpec> missing) {
        /** The number of runs of the plan. */
        public int total() {
            return done.size() + failed.size() + missing.size();
        }
    }

    private final Path dir;
    private final Path data;
    private final String dataSha256;
    private final List<RunSpec> runs;

    private SweepPlan(Path dir, Path data, String dataSha256, List<RunSpec> runs) {
        this.dir = dir;
        this.data = data;
        this.dataSha256 = dataSha256;
        this.runs = runs;
    }

    /**
     * Writes the plan of {@code grid} to {@code dir} (created if needed): a new folder, an empty one, or
     * a sweep folder planned before on the same data (its results are kept: they are found by id).
     */
    public static SweepPlan create(Grid grid, Path dir) {
        Objects.requireNonNull(grid, "grid");
        Path folder = dir.toAbsolutePath().normalize();
        String sha = sha256(grid.data());
        try {
            if (Files.exists(folder) && !Files.isDirectory(folder)) {
                throw new GridException("sweep folder " + dir + " is a file, not a folder");
            }
            if (Files.isDirectory(folder)) {
                Path plan = folder.resolve(PLAN_FILE);
                if (Files.exists(plan)) {
                    SweepPlan before = open(folder);
                    if (!before.dataSha256.equals(sha) && hasResults(folder)) {
                        throw new GridException("sweep folder " + dir + " holds results trained on other data (SHA-256 "
                                + before.dataSha256 + "); plan into a new folder");
                    }
                } else {
                    try (Stream<Path> entries = Files.list(folder)) {
                        if (entries.findAny().isPresent()) {
                            throw new GridException("sweep folder " + dir + " is not empty and holds no " + PLAN_FILE
                                    + "; give a new or empty folder");
                        }
                    }
                }
            }
            Files.createDirectories(folder.resolve(RESULTS));
            SweepPlan p = new SweepPlan(folder, grid.data(), sha, grid.runs());
            byte[] json = GSON.toJson(p.toJson(grid.source())).getBytes(StandardCharsets.UTF_8);
            AtomicWrite.write(folder.resolve(PLAN_FILE), temp -> Files.write(temp, json));
            return p;
        } catch (IOException e) {
            throw new GridException("cannot write the plan to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The plan in sweep folder {@code dir}, checked (ids against settings, values against ranges). */
    public static SweepPlan open(Path dir) {
        Path folder = dir.toAbsolutePath().normalize();
        Path file = folder.resolve(PLAN_FILE);
        if (!Files.isRegularFile(file)) {
            throw new GridException(dir + " is not a sweep folder: it has no " + PLAN_FILE + " (make one with 'sweep plan')");
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            if (!FORMAT.equals(o.get("format").getAsString()) || o.get("version").getAsInt() != VERSION) {
                throw new GridException(file + ": not a version " + VERSION + " " + FORMAT + " plan");
            }
            List<RunSpec> runs = new ArrayList<>();
            JsonArray list = o.getAsJsonArray("runs");
            for (int i = 0; i < list.size(); i++) {
                JsonObject r = list.get(i).getAsJsonObject();
                if (r.get("task").getAsInt() != i) {
                    throw new GridException(file + ": run " + i + " is numbered " + r.get("task"));
                }
                Map<String, String> s = new LinkedHashMap<>();
                for (String key : Grid.KEYS.subList(1, Grid.KEYS.size())) {
                    JsonElement v = r.get(key);
                    if (v == null) {
                        throw new GridException(file + ": run " + i + " has no " + key);
                    }
                    try {
                        Grid.check(file, i, key, v.getAsString());
                    } catch (GridException e) {
                        // The check names a grid line; here the place is the run's number in the plan.
                        String prefix = file + ":" + i + ": ";
                        throw new GridException(file + ": run " + i + ": " + e.getMessage().substring(prefix.length()), e);
                    }
                    s.put(key, v.getAsString());
                }
                String id = r.get("id").getAsString();
                try {
                    runs.add(new RunSpec(id, RunSpec.config(id, s)));
                } catch (IllegalArgumentException e) {
                    throw new GridException(file + ": run " + i + ": " + e.getMessage(), e);
                }
            }
            return new SweepPlan(folder, Path.of(o.get("data").getAsString()), o.get("data_sha256").getAsString(),
                    List.copyOf(runs));
        } catch (IOException e) {
            throw new GridException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new GridException(file + ": not a sweep plan (" + e.getMessage() + ")", e);
        }
    }

    private JsonObject toJson(Path grid) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("grid", grid.toAbsolutePath().normalize().toString());
        o.addProperty("data", data.toString());
        o.addProperty("data_sha256", dataSha256);
        JsonArray list = new JsonArray();
        for (int i = 0; i < runs.size(); i++) {
            JsonObject r = new JsonObject();
            r.addProperty("task", i);
            r.addProperty("id", runs.get(i).id());
            runs.get(i).settings().forEach(r::addProperty);
            list.add(r);
        }
        o.add("runs", list);
        return o;
    }

    /** The sweep folder (absolute). */
    public Path dir() {
        return dir;
    }

    /** The training data file of every run (absolute). */
    public Path data() {
        return data;
    }

    /** The SHA-256 of the data file when the plan was made, lowercase hex. */
    public String dataSha256() {
        return dataSha256;
    }

    /** The runs in task order: task {@code i} is {@code runs().get(i)}. */
    public List<RunSpec> runs() {
        return runs;
    }

    /** Fails in one line when the data file is gone or its bytes changed since the plan. */
    public void checkData() {
        if (!Files.isRegularFile(data)) {
            throw new GridException("data file " + data + " of the sweep in " + dir + " is gone");
        }
        String now = sha256(data);
        if (!now.equals(dataSha256)) {
            throw new GridException("data file " + data + " changed since the plan (SHA-256 " + dataSha256.substring(0, 12)
                    + "…, now " + now.substring(0, 12) + "…); plan the sweep again into a new folder");
        }
    }

    /** The data, after {@link #checkData()}. */
    public Dataset loadData() {
        checkData();
        try {
            return Dataset.load(data);
        } catch (IOException | IllegalArgumentException e) {
            throw new GridException("cannot load data file " + data + ": " + e.getMessage(), e);
        }
    }

    /** The index of a task given on a command line or by the environment; fails in one line when out of range. */
    public RunSpec run(int task) {
        if (task < 0 || task >= runs.size()) {
            throw new GridException("task " + task + " is out of range: the sweep in " + dir + " has tasks 0 to "
                    + (runs.size() - 1));
        }
        return runs.get(task);
    }

    /** The folder of run {@code id}'s result (exists once the run is done). */
    public Path resultDir(String id) {
        return dir.resolve(RESULTS).resolve(id);
    }

    private Path failedFile(String id) {
        return dir.resolve(RESULTS).resolve(id + ".failed.json");
    }

    /** True when run {@code id} has a complete result. */
    public boolean isDone(String id) {
        return Files.isRegularFile(resultDir(id).resolve(RESULT_FILE));
    }

    /**
     * Trains task {@code task} on {@code data} (loaded by {@link #loadData()}) unless it is done already, and
     * writes its result or its failure. Safe to call from several threads or machines at once.
     */
    public Outcome runTask(int task, Dataset data) {
        RunSpec spec = run(task);
        if (isDone(spec.id())) {
            return Outcome.ALREADY_DONE;
        }
        Path results = dir.resolve(RESULTS);
        String host = host();
        long pid = ProcessHandle.current().pid();
        try {
            Files.createDirectories(results);
            removeStaleWork(results, spec.id(), host);
            Path work = Files.createDirectory(results.resolve(WORK_PREFIX + pid + "@" + host + "@" + spec.id()
                    + "@" + Long.toHexString(System.nanoTime())));
            try {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long cpu0 = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
                long t0 = System.nanoTime();
                Instant started = Instant.now();
                Sweep.Run r = Sweep.train(data, spec.config());
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = cpu0 < 0 ? Double.NaN : (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                JsonObject o = new JsonObject();
                o.addProperty("id", spec.id());
                o.addProperty("task", task);
                addSettings(o, spec);
                o.addProperty("data", this.data.toString());
                o.addProperty("data_sha256", dataSha256);
                o.addProperty("status", r.succeeded() ? "ok" : "failed");
                if (r.succeeded()) {
                    o.addProperty("final_loss", finalLoss(r));
                    o.addProperty("final_smoothed_loss", r.loss());
                } else {
                    o.addProperty("error", r.error());
                }
                o.addProperty("wall_seconds", wall);
                o.addProperty("cpu_seconds", cpu);
                o.addProperty("host", host);
                o.addProperty("started", started.toString());
                o.addProperty("finished", Instant.now().toString());
                o.addProperty("java", Runtime.version().toString());
                byte[] json = GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
                if (!r.succeeded()) {
                    AtomicWrite.write(failedFile(spec.id()), temp -> Files.write(temp, json));
                    return Outcome.FAILED;
                }
                writeHistory(r, work.resolve("history.csv"));
                writeModel(r, spec, work.resolve("model.npz"));
                Files.write(work.resolve(RESULT_FILE), json);
                force(work.resolve(RESULT_FILE));
                force(work.resolve("history.csv"));
                try {
                    Files.move(work, resultDir(spec.id()), StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    // Another process finished the same run first; its result is the same.
                    return Outcome.ALREADY_DONE;
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("the file system of " + results + " cannot rename a folder atomically", e);
                }
                force(results);
                Files.deleteIfExists(failedFile(spec.id()));
                return Outcome.DONE;
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("run " + spec.id() + " (task " + task + "): cannot write its result: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Runs every task not done yet on {@code threads} threads of this machine through {@link #runTask};
     * {@code finished} hears of each task (index and outcome) as it ends. Returns the outcomes by task.
     */
    public Map<Integer, Outcome> runLocal(int threads, Consumer<Map.Entry<Integer, Outcome>> finished) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive but was " + threads);
        }
        Dataset d = loadData();
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (!isDone(runs.get(i).id())) {
                todo.add(i);
            }
        }
        Map<Integer, Outcome> outcomes = new LinkedHashMap<>();
        if (todo.isEmpty()) {
            return outcomes;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, todo.size()), r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i : todo) {
                futures.add(pool.submit(() -> {
                    Outcome o = runTask(i, d);
                    if (finished != null) {
                        synchronized (finished) {
                            finished.accept(Map.entry(i, o));
                        }
                    }
                    return o;
                }));
            }
            for (int k = 0; k < todo.size(); k++) {
                outcomes.put(todo.get(k), futures.get(k).get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Where every run stands now. */
    public Status status() {
        List<RunSpec> done = new ArrayList<>();
        Map<RunSpec, String> failed = new LinkedHashMap<>();
        List<RunSpec> missing = new ArrayList<>();
        for (RunSpec r : runs) {
            if (isDone(r.id())) {
                done.add(r);
            } else {
                String error = failure(r.id());
                if (error != null) {
                    failed.put(r, error);
                } else {
                    missing.add(r);
                }
            }
        }
        return new Status(List.copyOf(done), failed, List.copyOf(missing));
    }

    /** The tasks that are failed or missing, in order. */
    public List<Integer> unfinishedTasks() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (!isDone(runs.get(i).id())) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * One row per run, sorted by id so that the table depends neither on where nor in what order the runs
     * ran: the settings, {@code status} (ok, failed, missing), {@code final_loss} and
     * {@code final_smoothed_loss} (missing unless ok), and {@code error}. Times and hosts stay in each
     * run's result.json.
     */
    public Table collect() {
        List<RunSpec> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing(RunSpec::id));
        StringColumn id = StringColumn.create("id");
        StringColumn cell = StringColumn.create("cell");
        IntColumn hidden = IntColumn.create("hidden");
        DoubleColumn lr = DoubleColumn.create("learning_rate");
        StringColumn clipRule = StringColumn.create("clip_rule");
        DoubleColumn clip = DoubleColumn.create("clip");
        IntColumn iterations = IntColumn.create("iterations");
        StringColumn truncation = StringColumn.create("truncation");
        LongColumn seed = LongColumn.create("seed");
        StringColumn status = StringColumn.create("status");
        DoubleColumn loss = DoubleColumn.create("final_loss");
        DoubleColumn smoothed = DoubleColumn.create("final_smoothed_loss");
        StringColumn error = StringColumn.create("error");
        for (RunSpec r : sorted) {
            Sweep.Config c = r.config();
            id.append(r.id());
            cell.append(c.cell().id());
            hidden.append(c.nA());
            lr.append(c.learningRate());
            clipRule.append(c.clipRuleText());
            if (c.clipValue() == Double.POSITIVE_INFINITY) {
                clip.appendMissing();
            } else {
                clip.append(c.clipValue());
            }
            iterations.append(c.iterations());
            truncation.append(RunSpec.truncationText(c.truncation()));
            seed.append(c.initSeed());
            if (isDone(r.id())) {
                JsonObject o = readJson(resultDir(r.id()).resolve(RESULT_FILE));
                status.append("ok");
                loss.append(o.get("final_loss").getAsDouble());
                smoothed.append(o.get("final_smoothed_loss").getAsDouble());
                error.append("");
            } else {
                String message = failure(r.id());
                status.append(message != null ? "failed" : "missing");
                loss.appendMissing();
                smoothed.appendMissing();
                error.append(message != null ? message : "");
            }
        }
        return Table.create("sweep", id, cell, hidden, lr, clipRule, clip, iterations, truncation, seed, status, loss,
                smoothed, error);
    }

    /**
     * Writes {@link #collect()} to {@code csv} atomically: numbers as Java prints them (every double
     * exactly, so two tables of equal results are equal byte for byte), missing values empty.
     */
    public void writeCollected(Path csv) throws IOException {
        Table t = collect();
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < t.columnCount(); c++) {
            b.append(c == 0 ? "" : ",").append(t.column(c).name());
        }
        b.append('\n');
        for (int row = 0; row < t.rowCount(); row++) {
            for (int c = 0; c < t.columnCount(); c++) {
                if (c > 0) {
                    b.append(',');
                }
                var col = t.column(c);
                if (col.isMissing(row)) {
                    continue;
                }
                String text = col instanceof DoubleColumn d ? Double.toString(d.getDouble(row))
                        : col instanceof StringColumn s ? quote(s.get(row)) : col.getString(row);
                b.append(text);
            }
            b.append('\n');
        }
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        AtomicWrite.write(csv, temp -> Files.write(temp, bytes));
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private String failure(String id) {
        Path f = failedFile(id);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        JsonElement e = readJson(f).get("error");
        return e == null ? "unknown error" : e.getAsString();
    }

    private static JsonObject readJson(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new GridException(file + " is not a result file: " + e.getMessage(), e);
        }
    }

    /** The settings with numbers as JSON numbers, so that a reader of result.json gets them typed. */
    private static void addSettings(JsonObject o, RunSpec spec) {
        Sweep.Config c = spec.config();
        o.addProperty("cell", c.cell().id());
        o.addProperty("hidden", c.nA());
        o.addProperty("learning_rate", c.learningRate());
        o.addProperty("clip_rule", c.clipRuleText());
        if (c.clipValue() == Double.POSITIVE_INFINITY) {
            o.addProperty("clip", "inf");
        } else {
            o.addProperty("clip", c.clipValue());
        }
        o.addProperty("iterations", c.iterations());
        o.addProperty("truncation", RunSpec.truncationText(c.truncation()));
        o.addProperty("seed", c.initSeed());
    }

    private static double finalLoss(Sweep.Run r) {
        if (r.stream() != null) {
            double[] l = r.stream().lossPerCharacter();
            return l[l.length - 1];
        }
        double[] l = r.result().history().losses();
        return l[l.length - 1];
    }

    private static void writeHistory(Sweep.Run r, Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        if (r.stream() != null) {
            StreamResult s = r.stream();
            b.append("sequence,loss_per_char,smoothed_loss_per_char\n");
            for (int i = 0; i < s.lossPerCharacter().length; i++) {
                b.append(i).append(',').append(s.lossPerCharacter()[i]).append(',').append(s.smoothedLoss()[i])
                        .append('\n');
            }
        } else {
            TrainingHistory h = r.result().history();
            b.append("iteration,loss,smoothed_loss\n");
            for (int i = 0; i < h.size(); i++) {
                b.append(h.iteration(i)).append(',').append(h.loss(i)).append(',').append(h.smoothedLoss(i))
                        .append('\n');
            }
        }
        Files.writeString(file, b);
    }

    private void writeModel(Sweep.Run r, RunSpec spec, Path file) {
        Map<String, String> config = new LinkedHashMap<>();
        Sweep.Config c = spec.config();
        config.put("cell", c.cell().id());
        config.put("hidden", Integer.toString(c.nA()));
        config.put("lr", Double.toString(c.learningRate()));
        config.put("clip", Double.toString(c.clipValue()));
        config.put("clip_rule", c.clipRuleText());
        config.put("seed_init", Long.toString(c.initSeed()));
        config.put("iterations", Integer.toString(c.iterations()));
        config.put("truncation", RunSpec.truncationText(c.truncation()));
        config.put("data", data.toString());
        config.put("data_sha256", dataSha256);
        config.put("sweep_run", spec.id());
        if (r.stream() != null) {
            StreamResult s = r.stream();
            ModelFile.save(file, new ModelFile.Model(s.parameters(), s.vocabulary().chars(), config));
        } else {
            TrainingCheckpoint.save(file, r.result().state(), r.result().vocabulary(), config);
        }
    }

    /** Deletes work folders of {@code id} left by processes of this host that no longer run. */
    private static void removeStaleWork(Path results, String id, String host) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(results, WORK_PREFIX + "*")) {
            for (Path p : entries) {
                String[] parts = p.getFileName().toString().substring(WORK_PREFIX.length()).split("@", -1);
                if (parts.length != 4 || !parts[1].equals(host) || !parts[2].equals(id)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                        .orElse(false)) {
                    continue;
                }
                if (pid != ProcessHandle.current().pid()) {
                    deleteTree(p);
                }
            }
        }
    }

    private static boolean hasResults(Path folder) throws IOException {
        Path results = folder.resolve(RESULTS);
        if (!Files.isDirectory(results)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(results)) {
            return entries.anyMatch(p -> !p.getFileName().toString().startsWith("."));
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(q);
                } catch (NoSuchFileException ignored) {
                    // removed concurrently
                }
            }
        }
    }

    private static void force(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // a platform that cannot open folders as channels still renames atomically
        }
    }

    /** The short name of this machine, as Slurm calls its nodes. */
    static String host() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return (dot > 0 ? name.substring(0, dot) : name).replace('@', '_');
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** The SHA-256 of a file's bytes, lowercase hex. */
    public static String sha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new GridException("cannot read data file " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
