package org.rnnworkbench.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import org.jetbrains.bio.npy.NpzFile;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.CellKind;

/**
 * Model files in NumPy's own {@code .npz} format: a character language model's parameters (of an
 * RNN, a GRU or an LSTM), its vocabulary, its training configuration and any extra state, in one
 * file that {@code numpy.load} opens directly (no {@code allow_pickle}), so a model trained with
 * the NumPy reference can be sampled from Java and the other way round.
 *
 * <h2>File format</h2>
 * A ZIP archive (stored, or deflated with {@code compressed = true}) of {@code .npy} arrays; the
 * names below are the keys {@code numpy.load} gives.
 * <table>
 * <caption>Entries of a model file</caption>
 * <tr><th>entry</th><th>dtype, shape</th><th>holds</th></tr>
 * <tr><td>{@code cell}</td><td>{@code |S (1,)}</td><td>{@code gru} or {@code lstm}: which cell's
 *     parameters follow; a file without it holds an RNN (it may say {@code rnn})</td></tr>
 * <tr><td colspan="3">an RNN's parameters:</td></tr>
 * <tr><td>{@code Wax}</td><td>{@code <f8 (n_a,n_x)}</td><td>input weights</td></tr>
 * <tr><td>{@code Waa}</td><td>{@code <f8 (n_a,n_a)}</td><td>recurrent weights</td></tr>
 * <tr><td>{@code Wya}</td><td>{@code <f8 (n_y,n_a)}</td><td>output weights</td></tr>
 * <tr><td>{@code b}</td><td>{@code <f8 (n_a,1)}</td><td>hidden bias ({@code ba} in {@link RnnParameters})</td></tr>
 * <tr><td>{@code by}</td><td>{@code <f8 (n_y,1)}</td><td>output bias</td></tr>
 * <tr><td colspan="3">or a GRU's ({@link GruParameters}):</td></tr>
 * <tr><td>{@code Wz, Wr, Wh}</td><td>{@code <f8 (n_a,n_a+n_x)}</td><td>update gate, reset gate,
 *     candidate, acting on {@code [a; x]}</td></tr>
 * <tr><td>{@code Wy, by}</td><td>{@code <f8 (n_y,n_a), (n_y,1)}</td><td>output layer</td></tr>
 * <tr><td colspan="3">or an LSTM's ({@link LstmParameters}):</td></tr>
 * <tr><td>{@code Wf, Wi, Wc, Wo}</td><td>{@code <f8 (n_a,n_a+n_x)}</td><td>forget, update (input)
 *     and output gates and candidate, acting on {@code [a; x]}</td></tr>
 * <tr><td>{@code bf, bi, bc, bo}</td><td>{@code <f8 (n_a,1)}</td><td>their biases</td></tr>
 * <tr><td>{@code Wy, by}</td><td>{@code <f8 (n_y,n_a), (n_y,1)}</td><td>output layer</td></tr>
 * <tr><td colspan="3">and for every cell:</td></tr>
 * <tr><td>{@code vocabulary}</td><td>{@code <i4 (V,)}</td><td>the characters as Unicode code points, in
 *     index order ({@code '\n'} first); {@code ''.join(map(chr, z['vocabulary']))}</td></tr>
 * <tr><td>{@code config}</td><td>{@code |S (1,)}</td><td>a JSON object of strings, ASCII with
 *     &#92;u escapes: {@code json.loads(z['config'][0])}</td></tr>
 * <tr><td>{@code state_<name>}</td><td>{@code <f8}, any shape with at least one axis</td><td>extra
 *     arrays, e.g. {@code state_a_prev (n_a,1)}, the hidden state carried between examples, and
 *     {@code state_c_prev (n_a,1)}, the LSTM's memory cell</td></tr>
 * <tr><td>{@code format}</td><td>{@code |S (1,)}</td><td>JSON {@code {"format": "rnn-workbench model",
 *     "version": 1, "entries": [...]}} (version 2 with a {@code cell} entry): every entry name, so a
 *     damaged name cannot pass unnoticed</td></tr>
 * </table>
 * Every array is C order (row-major), little-endian; {@code n_x = n_y = V}. Parameters are written
 * exactly: loading gives back the same bits. Version 2 of the format added the {@code cell} entry
 * and the GRU and LSTM parameters; an RNN's file is still written as version 1, exactly as before,
 * so older versions of this library read it. In Python:
 * <pre>{@code
 * z = np.load("model.npz")                      # no allow_pickle needed
 * Wax, Waa, Wya, b, by = (z[k] for k in ["Wax", "Waa", "Wya", "b", "by"])
 * chars = "".join(map(chr, z["vocabulary"]))    # ix_to_char = dict(enumerate(chars))
 * config = json.loads(z["config"][0])           # {"hidden": "65", "lr": "0.01", ...}
 * a_prev = z["state_a_prev"]                    # if the file has it
 * cell = str(z["cell"][0], "ascii") if "cell" in z.files else "rnn"
 * Wz, Wr, Wh, Wy, by = (z[k] for k in ["Wz", "Wr", "Wh", "Wy", "by"])     # when cell == "gru"
 * }</pre>
 * and a model saved from NumPy for Java to load:
 * <pre>{@code
 * np.savez("model.npz", Wax=Wax, Waa=Waa, Wya=Wya, b=b, by=by,
 *          vocabulary=np.array(chars_sorted), config=np.array(json.dumps({"hidden": 65})))
 * np.savez("lstm.npz", cell="lstm", **parameters, vocabulary=...)   # the LSTM's ten arrays by name
 * }</pre>
 *
 * <h2>Reading files written by NumPy</h2>
 * {@link #load} accepts what {@code np.savez} and {@code np.savez_compressed} write with the same
 * entry names: float64 of either byte order and either memory order (a transposed matrix is stored
 * in Fortran order); the vocabulary as integer code points, as {@code np.array(list(chars))}
 * ({@code <U1}) or as one string; the config as a JSON string ({@code <U} or {@code S}, shape
 * {@code ()} or {@code (1,)}) whose values may be strings, numbers or booleans; the cell the same
 * way as a plain string; {@code cell}, {@code config}, {@code format} and the state arrays are
 * optional. Any other entry is refused, among them another cell's parameters.
 *
 * <h2>Safety</h2>
 * {@link #save} refuses parameters or state holding NaN or infinity (naming the array and the
 * position) and writes through {@link AtomicWrite}: a temporary file in the same folder, fsync, an
 * atomic rename, so a crash or a full disk leaves the previous file intact. Before the rename the
 * new file is read back and compared bit for bit. {@link #load} checks everything — the archive and
 * each entry's CRC-32, each header, the cell, that every parameter of the cell is there, dtypes,
 * shapes against each other and against the vocabulary, finiteness — and reports any problem as a
 * {@link ModelFileException} naming the file and the problem, e.g.
 * {@code model.npz: 'Wya' is (27,64) but 'Waa' is (65,65)} or
 * {@code lstm.npz: 'Wo' is (5,31) but 'Wf' is (5,32); the LSTM's gate matrices are all (n_a,n_a+n_x)}.
 */
public final class ModelFile {
    private ModelFile() {}

    /** The RNN's parameter entries, in the order they are written. */
    public static final List<String> PARAMETERS = List.of("Wax", "Waa", "Wya", "b", "by");
    /** The entry naming the cell (absent in an RNN's file). */
    public static final String CELL = "cell";
    /** The config key that, when present, must name the same cell as the parameters. */
    public static final String CONFIG_CELL = "cell";
    /** The value of {@code "format"} in the {@code format} entry. */
    public static final String FORMAT_NAME = "rnn-workbench model";
    /** The newest version this class writes (GRU and LSTM files; RNN files stay version 1); newer ones are refused. */
    public static final int FORMAT_VERSION = 2;

    private static final Pattern STATE_NAME = Pattern.compile("[A-Za-z0-9_]+");
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** A float64 array in C order with its NumPy shape, e.g. the hidden state {@code (n_a,1)}. */
    public record NamedArray(double[] data, int[] shape) {
        /** Checks that the shape has at least one axis and {@code data.length} elements. */
        public NamedArray {
            if (data == null || shape == null) {
                throw new IllegalArgumentException("data and shape must not be null");
            }
            if (shape.length == 0) {
                throw new IllegalArgumentException("shape () has no axis; store a scalar as shape (1,)");
            }
            long n = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("shape " + NpzReader.Array.shapeText(shape)
                            + " has a negative size");
                }
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + NpzReader.Array.shapeText(shape) + " needs " + n
                        + " values but data has " + data.length);
            }
        }

        /** A copy of {@code m}, shape {@code (rows,cols)}. */
        public static NamedArray of(DMatrixRMaj m) {
            if (m == null) {
                throw new IllegalArgumentException("m is null");
            }
            return new NamedArray(Arrays.copyOf(m.data, m.getNumElements()), new int[] {m.numRows, m.numCols});
        }

        /** A new matrix holding a copy of a 2-D array. */
        public DMatrixRMaj toMatrix() {
            if (shape.length != 2) {
                throw new IllegalArgumentException("shape " + shapeText() + " is not 2-D");
            }
            return new DMatrixRMaj(shape[0], shape[1], true, data);
        }

        /** The shape as NumPy prints it, e.g. {@code (65,1)}. */
        public String shapeText() {
            return NpzReader.Array.shapeText(shape);
        }

        /** Equal when shapes and values are equal bit for bit (NaN equals NaN; 0.0 differs from -0.0). */
        @Override
        public boolean equals(Object o) {
            return o instanceof NamedArray a && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "NamedArray" + shapeText();
        }
    }

    /**
     * A character language model: its parameters ({@link RnnParameters}, {@link GruParameters} or
     * {@link LstmParameters}), its vocabulary (the characters in index order, {@code '\n'} first; one
     * per input column and output row), its training configuration ({@code hidden=65}, {@code lr=0.01},
     * {@code iteration=2000}, {@code cell=rnn}...) and optional named state arrays. The parameters are
     * held, not copied.
     */
    public record Model(CellParameters cellParameters, String vocabulary, Map<String, String> config,
                        Map<String, NamedArray> state) {

        /** Checks the vocabulary against the parameters, the config's cell, and the state names and shapes. */
        public Model {
            if (cellParameters == null) {
                throw new IllegalArgumentException("parameters is null");
            }
            CellKind cell = CellKind.of(cellParameters);
            checkVocabulary(vocabulary, cellParameters, cell);
            if (config == null) {
                throw new IllegalArgumentException("config is null");
            }
            Map<String, String> c = new LinkedHashMap<>();
            config.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException("config has a null key or value: " + k + "=" + v);
                }
                c.put(k, v);
            });
            String configCell = c.get(CONFIG_CELL);
            if (configCell != null && !configCell.equals(cell.id())) {
                throw new IllegalArgumentException("config '" + CONFIG_CELL + "' is \"" + configCell + "\" but the "
                        + "parameters are " + cell + " parameters (" + String.join(", ", parameterEntries(cell)) + ")");
            }
            config = Collections.unmodifiableMap(c);
            if (state == null) {
                throw new IllegalArgumentException("state is null");
            }
            Map<String, NamedArray> s = new LinkedHashMap<>();
            state.forEach((k, v) -> {
                if (k == null || !STATE_NAME.matcher(k).matches()) {
                    throw new IllegalArgumentException("state name '" + k
                            + "' must be letters, digits and underscores (it becomes the entry state_" + k + ")");
                }
                if (v == null) {
                    throw new IllegalArgumentException("state '" + k + "' is null");
                }
                s.put(k, v);
            });
            checkStateShape(s, "a_prev", cellParameters, cell);
            if (cell.hasMemoryCell()) {
                checkStateShape(s, "c_prev", cellParameters, cell);
            }
            state = Collections.unmodifiableMap(s);
        }

        /** A model without extra state. */
        public Model(CellParameters cellParameters, String vocabulary, Map<String, String> config) {
            this(cellParameters, vocabulary, config, Map.of());
        }

        /** The cell the parameters belong to. */
        public CellKind cell() {
            return CellKind.of(cellParameters);
        }

        /** The RNN parameters; throws {@link IllegalStateException} when the model is another cell's. */
        public RnnParameters parameters() {
            if (cellParameters instanceof RnnParameters p) {
                return p;
            }
            throw new IllegalStateException("this model holds " + cell() + " parameters, not RNN parameters; use "
                    + "cellParameters()");
        }

        /** State {@code name}, when present, must be (n_a,m). */
        private static void checkStateShape(Map<String, NamedArray> state, String name, CellParameters p,
                CellKind cell) {
            NamedArray a = state.get(name);
            if (a != null && (a.shape().length != 2 || a.shape()[0] != p.nA())) {
                String reference = referenceEntry(cell);
                DMatrixRMaj r = p.get(reference);
                throw new IllegalArgumentException("state " + name + " is " + a.shapeText() + " but " + reference
                        + " is (" + r.numRows + "," + r.numCols + "); " + name + " must be (n_a,m) with n_a = "
                        + p.nA());
            }
        }

        private static void checkVocabulary(String vocabulary, CellParameters p, CellKind cell) {
            if (vocabulary == null || vocabulary.isEmpty()) {
                throw new IllegalArgumentException("vocabulary is " + (vocabulary == null ? "null" : "empty"));
            }
            int[] cps = vocabulary.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                if (Character.isSurrogate((char) cps[i]) && cps[i] <= 0xFFFF) {
                    throw new IllegalArgumentException("vocabulary has an unpaired surrogate at position " + i);
                }
            }
            if (cps.length != p.nX()) {
                String input = inputEntry(cell);
                DMatrixRMaj in = p.get(input);
                throw new IllegalArgumentException("vocabulary has " + cps.length + " characters but " + input
                        + (cell == CellKind.RNN ? " has " + p.nX() + " columns"
                        : " is (" + in.numRows + "," + in.numCols + "), so n_x = " + p.nX()));
            }
            if (cps.length != p.nY()) {
                throw new IllegalArgumentException("vocabulary has " + cps.length + " characters but "
                        + outputEntry(cell) + " has " + p.nY() + " rows");
            }
            Map<Integer, Integer> seen = new HashMap<>();
            for (int i = 0; i < cps.length; i++) {
                Integer before = seen.put(cps[i], i);
                if (before != null) {
                    throw new IllegalArgumentException("vocabulary lists " + describe(cps[i]) + " twice (positions "
                            + before + " and " + i + ")");
                }
            }
        }
    }

    /** The parameter entries of {@code cell}'s file, in the order they are written. */
    public static List<String> parameterEntries(CellKind cell) {
        return switch (cell) {
            case RNN -> PARAMETERS;
            case GRU -> GruParameters.NAMES;
            case LSTM -> LstmParameters.NAMES;
        };
    }

    /** The matrix whose rows give n_a (and, for the gated cells, whose columns give n_a + n_x). */
    private static String referenceEntry(CellKind cell) {
        return switch (cell) {
            case RNN -> "Waa";
            case GRU -> "Wz";
            case LSTM -> "Wf";
        };
    }

    /** The matrix whose columns give n_x. */
    private static String inputEntry(CellKind cell) {
        return cell == CellKind.RNN ? "Wax" : referenceEntry(cell);
    }

    /** The matrix whose rows give n_y. */
    private static String outputEntry(CellKind cell) {
        return cell == CellKind.RNN ? "Wya" : "Wy";
    }

    /** The parameters of {@code cell} from its entries. */
    private static CellParameters parameters(CellKind cell, Function<String, DMatrixRMaj> entry) {
        return switch (cell) {
            case RNN -> new RnnParameters(entry.apply("Waa"), entry.apply("Wax"), entry.apply("Wya"), entry.apply("b"),
                    entry.apply("by"));
            case GRU -> new GruParameters(entry.apply("Wz"), entry.apply("Wr"), entry.apply("Wh"), entry.apply("Wy"),
                    entry.apply("by"));
            case LSTM -> new LstmParameters(entry.apply("Wf"), entry.apply("bf"), entry.apply("Wi"), entry.apply("bi"),
                    entry.apply("Wc"), entry.apply("bc"), entry.apply("Wo"), entry.apply("bo"), entry.apply("Wy"),
                    entry.apply("by"));
        };
    }

    /**
     * The most data one array of a model file may hold when it is loaded: 512 MiB (64 Mi doubles, e.g.
     * a recurrent matrix of 8,192 hidden units). A larger entry is refused before it is read.
     */
    public static final long MAX_ARRAY_BYTES = NpzReader.MAX_ARRAY_BYTES;

    /** The most data one array may hold when loaded in this JVM: {@link #MAX_ARRAY_BYTES}, or a quarter of the heap if less. */
    public static long maxArrayBytes() {
        return NpzReader.maxArrayBytes();
    }

    /** Writes {@code model} to {@code path} (stored, like {@code np.savez}), replacing any file atomically. */
    public static void save(Path path, Model model) {
        save(path, model, false);
    }

    /**
     * Writes {@code model} to {@code path}, deflated like {@code np.savez_compressed} when
     * {@code compressed}. Refuses NaN or infinity; on any failure the previous file is unchanged.
     */
    public static void save(Path path, Model model, boolean compressed) {
        save(path, model, compressed, stage -> { });
    }

    static void save(Path path, Model model, boolean compressed, Consumer<AtomicWrite.Stage> observer) {
        if (path == null || model == null) {
            throw new IllegalArgumentException("path and model must not be null");
        }
        // A snapshot, so a trainer updating the matrices in place cannot change what is checked and written.
        Map<String, NamedArray> entries = new LinkedHashMap<>();
        CellKind cell = model.cell();
        CellParameters p = model.cellParameters();
        for (String name : parameterEntries(cell)) {
            entries.put(name, NamedArray.of(p.get(name)));
        }
        Model snapshot;
        try {
            snapshot = new Model(parameters(cell, name -> entries.get(name).toMatrix()), model.vocabulary(),
                    model.config(), copyState(model.state()));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, "refusing to save: " + e.getMessage()
                    + "; the file on disk is unchanged", e);
        }
        snapshot.state().forEach((name, a) -> entries.put("state_" + name, a));
        entries.forEach((name, a) -> {
            String bad = firstNonFinite(a.data(), a.shape());
            if (bad != null) {
                throw new ModelFileException(path, "refusing to save: '" + name + "' contains " + bad
                        + "; the file on disk is unchanged");
            }
        });
        try {
            AtomicWrite.write(path, temp -> {
                writeEntries(temp, snapshot, entries, compressed);
                verify(temp, snapshot);
            }, observer);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof ModelFileException m ? m.problem() : String.valueOf(e);
            throw new ModelFileException(path, "could not save (" + why + "); the file on disk is unchanged", e);
        }
    }

    /** Reads and checks the model file at {@code path}; any problem is a {@link ModelFileException}. */
    public static Model load(Path path) {
        if (path == null) {
            throw new IllegalArgumentException("path is null");
        }
        try {
            return decode(path, NpzReader.read(path));
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFileException(path, "could not be read (" + e + ")", e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    private static void writeEntries(Path temp, Model m, Map<String, NamedArray> entries, boolean compressed)
            throws IOException {
        List<String> names = new ArrayList<>();
        CellKind cell = m.cell();
        try (NpzFile.Writer w = NpzFile.write(temp, compressed)) {
            if (cell != CellKind.RNN) {
                w.write(CELL, new String[] {cell.id()}, new int[] {1});
                names.add(CELL);
            }
            for (String name : parameterEntries(cell)) {
                NamedArray a = entries.get(name);
                w.write(name, a.data(), a.shape(), ByteOrder.LITTLE_ENDIAN);
                names.add(name);
            }
            int[] codePoints = m.vocabulary().codePoints().toArray();
            w.write("vocabulary", codePoints, new int[] {codePoints.length}, ByteOrder.LITTLE_ENDIAN);
            names.add("vocabulary");
            w.write("config", new String[] {asciiJson(GSON.toJson(m.config()))}, new int[] {1});
            names.add("config");
            for (Map.Entry<String, NamedArray> s : m.state().entrySet()) {
                String name = "state_" + s.getKey();
                w.write(name, s.getValue().data(), s.getValue().shape(), ByteOrder.LITTLE_ENDIAN);
                names.add(name);
            }
            names.add("format");
            JsonObject format = new JsonObject();
            format.addProperty("format", FORMAT_NAME);
            // An RNN's file is the version-1 layout, which older versions of this library read.
            format.addProperty("version", cell == CellKind.RNN ? 1 : FORMAT_VERSION);
            JsonArray list = new JsonArray();
            names.forEach(list::add);
            format.add("entries", list);
            w.write("format", new String[] {asciiJson(GSON.toJson(format))}, new int[] {1});
        }
    }

    /** Reads the file just written and fails unless it holds exactly {@code expected}. */
    private static void verify(Path temp, Model expected) throws IOException {
        Model back;
        try {
            back = load(temp);
        } catch (ModelFileException e) {
            throw new IOException("the file written does not read back: " + e.problem(), e);
        }
        String difference = difference(expected, back);
        if (difference != null) {
            throw new IOException("the file written reads back differently: " + difference);
        }
    }

    /** Null when the two models hold the same bits, else what differs first. */
    static String difference(Model a, Model b) {
        if (a.cell() != b.cell()) {
            return "the cell differs (" + a.cell().id() + ", " + b.cell().id() + ")";
        }
        for (String name : parameterEntries(a.cell())) {
            if (!NamedArray.of(a.cellParameters().get(name)).equals(NamedArray.of(b.cellParameters().get(name)))) {
                return "'" + name + "' differs";
            }
        }
        if (!a.vocabulary().equals(b.vocabulary())) {
            return "the vocabulary differs";
        }
        if (!a.config().equals(b.config())) {
            return "the config differs";
        }
        if (!a.state().equals(b.state())) {
            return "the state differs";
        }
        return null;
    }

    /** JSON with every non-ASCII character escaped, so it survives the library's ASCII-only {@code S} dtype. */
    private static String asciiJson(String json) {
        StringBuilder s = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    private static Map<String, NamedArray> copyState(Map<String, NamedArray> state) {
        Map<String, NamedArray> copy = new LinkedHashMap<>();
        state.forEach((k, v) -> copy.put(k, new NamedArray(v.data().clone(), v.shape().clone())));
        return copy;
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    private static Model decode(Path path, Map<String, NpzReader.Array> arrays) {
        CellKind cell = arrays.containsKey(CELL) ? cell(path, arrays.get(CELL)) : CellKind.RNN;
        List<String> parameters = parameterEntries(cell);
        for (String name : arrays.keySet()) {
            boolean known = parameters.contains(name) || name.equals("vocabulary") || name.equals("config")
                    || name.equals("format") || name.equals(CELL)
                    || name.startsWith("state_") && STATE_NAME.matcher(name.substring(6)).matches();
            if (!known) {
                throw new ModelFileException(path, unexpected(name, cell, arrays.containsKey(CELL)));
            }
        }
        if (arrays.containsKey("format")) {
            checkFormat(path, arrays);
        }
        for (String name : parameters) {
            if (!arrays.containsKey(name)) {
                throw new ModelFileException(path, "entry '" + name + "' is missing"
                        + (cell == CellKind.RNN ? "" : "; " + article(cell) + " model needs " + parameters));
            }
        }
        Map<String, double[]> values = new HashMap<>();
        for (String name : parameters) {
            NpzReader.Array a = arrays.get(name);
            requireFloat64(path, a);
            if (a.shape.length != 2) {
                throw new ModelFileException(path, "'" + name + "' is " + a.shapeText() + " but must be 2-D: "
                        + expectedShape(name));
            }
        }
        if (cell == CellKind.RNN) {
            checkShapes(path, arrays);
        } else {
            checkGatedShapes(path, arrays, cell);
        }
        for (String name : parameters) {
            values.put(name, finiteValues(path, arrays.get(name)));
        }
        String vocabulary = vocabulary(path, arrays, cell);
        Map<String, String> config = arrays.containsKey("config") ? config(path, arrays.get("config")) : Map.of();
        Map<String, NamedArray> state = new LinkedHashMap<>();
        for (NpzReader.Array a : arrays.values()) {
            if (a.name.startsWith("state_")) {
                requireFloat64(path, a);
                if (a.shape.length == 0) {
                    throw new ModelFileException(path, "'" + a.name + "' is a 0-d scalar; extra arrays need at "
                            + "least one axis (store a scalar as shape (1,))");
                }
                state.put(a.name.substring(6), new NamedArray(finiteValues(path, a), a.shape.clone()));
            }
        }
        try {
            return new Model(parameters(cell, name -> matrix(arrays, values, name)), vocabulary, config, state);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, e.getMessage(), e);
        }
    }

    /** The message for an entry no model of {@code cell} has; another cell's parameter is named as such. */
    private static String unexpected(String name, CellKind cell, boolean hasCellEntry) {
        List<String> owners = new ArrayList<>();
        for (CellKind other : CellKind.values()) {
            if (other != cell && parameterEntries(other).contains(name)) {
                owners.add(other.toString());
            }
        }
        if (!owners.isEmpty()) {
            return "entry '" + name + "' is " + article(String.join(" and ", owners)) + " parameter, but the file holds "
                    + article(cell) + " model " + (hasCellEntry ? "(its 'cell' entry says '" + cell.id() + "')"
                    : "(it has no 'cell' entry, which a GRU or LSTM model file needs)");
        }
        if (cell == CellKind.RNN) {
            return "unexpected entry '" + name + "'; a model file holds " + PARAMETERS
                    + ", vocabulary, config, format and state_<name> arrays";
        }
        return "unexpected entry '" + name + "'; " + article(cell) + " model file holds cell, " + parameterEntries(cell)
                + ", vocabulary, config, format and state_<name> arrays";
    }

    /** "an RNN", "a GRU", "an LSTM". */
    private static String article(Object cell) {
        String name = cell.toString();
        return ("RL".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    /** The cell the {@code cell} entry names. */
    private static CellKind cell(Path path, NpzReader.Array a) {
        String id = singleString(path, a, "cell name");
        try {
            return CellKind.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, "entry 'cell' is \"" + id + "\"; the cells are rnn, gru and lstm", e);
        }
    }

    private static DMatrixRMaj matrix(Map<String, NpzReader.Array> arrays, Map<String, double[]> values, String n) {
        int[] shape = arrays.get(n).shape;
        return DMatrixRMaj.wrap(shape[0], shape[1], values.get(n));
    }

    private static void checkFormat(Path path, Map<String, NpzReader.Array> arrays) {
        JsonElement json = json(path, arrays.get("format"));
        JsonObject o = json.isJsonObject() ? json.getAsJsonObject() : null;
        if (o == null || !o.has("format") || !o.get("format").isJsonPrimitive()
                || !FORMAT_NAME.equals(o.get("format").getAsString())) {
            throw new ModelFileException(path, "entry 'format' does not describe an " + FORMAT_NAME);
        }
        JsonElement version = o.get("version");
        if (version == null || !version.isJsonPrimitive() || !version.getAsJsonPrimitive().isNumber()) {
            throw new ModelFileException(path, "entry 'format' has no version number");
        }
        double v = version.getAsDouble();
        if (v > FORMAT_VERSION) {
            throw new ModelFileException(path, "written in a newer file format (version " + version
                    + "); this library reads version " + FORMAT_VERSION + " and older");
        }
        JsonElement entries = o.get("entries");
        if (entries == null || !entries.isJsonArray()) {
            throw new ModelFileException(path, "entry 'format' has no list of entries");
        }
        Set<String> listed = new TreeSet<>();
        for (JsonElement e : entries.getAsJsonArray()) {
            listed.add(e.isJsonPrimitive() ? e.getAsString() : String.valueOf(e));
        }
        Set<String> present = new TreeSet<>(arrays.keySet());
        for (String name : listed) {
            if (!present.contains(name)) {
                throw new ModelFileException(path, "entry '" + name + "' is missing (the file lists it in 'format')");
            }
        }
        for (String name : present) {
            if (!listed.contains(name)) {
                throw new ModelFileException(path, "entry '" + name + "' is not listed in 'format'; "
                        + "the archive's directory is damaged");
            }
        }
    }

    private static void requireFloat64(Path path, NpzReader.Array a) {
        if (!a.isFloat64()) {
            throw new ModelFileException(path, "'" + a.name + "' has dtype " + a.dtypeName() + ", expected float64");
        }
    }

    private static String expectedShape(String name) {
        return switch (name) {
            case "Wax" -> "(n_a,n_x)";
            case "Waa" -> "(n_a,n_a)";
            case "Wya", "Wy" -> "(n_y,n_a)";
            case "b", "bf", "bi", "bc", "bo" -> "(n_a,1)";
            case "by" -> "(n_y,1)";
            default -> "(n_a,n_a+n_x)";
        };
    }

    /** The GRU's or LSTM's shapes: gates (n_a,n_a+n_x), gate biases (n_a,1), Wy (n_y,n_a), by (n_y,1). */
    private static void checkGatedShapes(Path path, Map<String, NpzReader.Array> arrays, CellKind cell) {
        String first = referenceEntry(cell);
        NpzReader.Array gate = arrays.get(first);
        int nA = gate.shape[0];
        if (gate.shape[1] <= nA) {
            throw new ModelFileException(path, "'" + first + "' is " + gate.shapeText() + " but must be "
                    + "(n_a,n_a+n_x) with n_x >= 1: more columns than rows");
        }
        for (String name : parameterEntries(cell)) {
            NpzReader.Array a = arrays.get(name);
            boolean isGate = expectedShape(name).equals("(n_a,n_a+n_x)");
            if (isGate && !Arrays.equals(a.shape, gate.shape)) {
                throw new ModelFileException(path, "'" + name + "' is " + a.shapeText() + " but '" + first + "' is "
                        + gate.shapeText() + "; the " + cell + "'s gate matrices are all (n_a,n_a+n_x)");
            }
            if (expectedShape(name).equals("(n_a,1)") && (a.shape[0] != nA || a.shape[1] != 1)) {
                throw new ModelFileException(path, "'" + name + "' is " + a.shapeText() + " but '" + first + "' is "
                        + gate.shapeText() + "; " + name + " must be (n_a,1) = (" + nA + ",1)");
            }
        }
        NpzReader.Array wy = arrays.get("Wy");
        if (wy.shape[1] != nA) {
            throw new ModelFileException(path, "'Wy' is " + wy.shapeText() + " but '" + first + "' is "
                    + gate.shapeText() + "; Wy must have n_a = " + nA + " columns");
        }
        NpzReader.Array by = arrays.get("by");
        int nY = wy.shape[0];
        if (by.shape[0] != nY || by.shape[1] != 1) {
            throw new ModelFileException(path, "'by' is " + by.shapeText() + " but 'Wy' is " + wy.shapeText()
                    + "; by must be (n_y,1) = (" + nY + ",1)");
        }
    }

    private static void checkShapes(Path path, Map<String, NpzReader.Array> arrays) {
        NpzReader.Array waa = arrays.get("Waa");
        NpzReader.Array wax = arrays.get("Wax");
        NpzReader.Array wya = arrays.get("Wya");
        NpzReader.Array b = arrays.get("b");
        NpzReader.Array by = arrays.get("by");
        int nA = waa.shape[0];
        if (waa.shape[1] != nA) {
            throw new ModelFileException(path, "'Waa' is " + waa.shapeText() + " but must be square (n_a,n_a)");
        }
        if (wax.shape[0] != nA) {
            throw new ModelFileException(path, "'Wax' is " + wax.shapeText() + " but 'Waa' is " + waa.shapeText()
                    + "; Wax must have n_a = " + nA + " rows");
        }
        if (wya.shape[1] != nA) {
            throw new ModelFileException(path, "'Wya' is " + wya.shapeText() + " but 'Waa' is " + waa.shapeText()
                    + "; Wya must have n_a = " + nA + " columns");
        }
        if (b.shape[0] != nA || b.shape[1] != 1) {
            throw new ModelFileException(path, "'b' is " + b.shapeText() + " but 'Waa' is " + waa.shapeText()
                    + "; b must be (n_a,1) = (" + nA + ",1)");
        }
        int nY = wya.shape[0];
        if (by.shape[0] != nY || by.shape[1] != 1) {
            throw new ModelFileException(path, "'by' is " + by.shapeText() + " but 'Wya' is " + wya.shapeText()
                    + "; by must be (n_y,1) = (" + nY + ",1)");
        }
    }

    private static double[] finiteValues(Path path, NpzReader.Array a) {
        double[] v = a.float64();
        String bad = firstNonFinite(v, a.shape);
        if (bad != null) {
            throw new ModelFileException(path, "'" + a.name + "' contains " + bad);
        }
        return v;
    }

    /** "NaN at (3,0)" for the first value that is not finite (C order), or null. */
    static String firstNonFinite(double[] v, int[] shape) {
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k])) {
                String what = Double.isNaN(v[k]) ? "NaN" : v[k] > 0 ? "inf" : "-inf";
                int[] index = new int[shape.length];
                int rest = k;
                for (int d = shape.length - 1; d >= 0; d--) {
                    index[d] = rest % shape[d];
                    rest /= shape[d];
                }
                return what + " at " + NpzReader.Array.shapeText(index);
            }
        }
        return null;
    }

    private static String vocabulary(Path path, Map<String, NpzReader.Array> arrays, CellKind cell) {
        NpzReader.Array a = arrays.get("vocabulary");
        if (a == null) {
            throw new ModelFileException(path, "entry 'vocabulary' is missing");
        }
        int[] codePoints;
        char kind = a.kind();
        if ((kind == 'i' || kind == 'u') && a.itemSize() > 0) {
            if (a.shape.length != 1) {
                throw new ModelFileException(path, "'vocabulary' is " + a.shapeText()
                        + " but must be 1-D: one code point per character");
            }
            long[] v = a.integers();
            codePoints = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                if (v[i] < 0 || v[i] > Character.MAX_CODE_POINT || (v[i] >= Character.MIN_SURROGATE
                        && v[i] <= Character.MAX_SURROGATE)) {
                    throw new ModelFileException(path, "'vocabulary' holds " + v[i] + " at position " + i
                            + ", which is not a Unicode character");
                }
                codePoints[i] = (int) v[i];
            }
        } else if ((kind == 'U' || kind == 'S') && a.itemSize() > 0) {
            String[] s = a.strings();
            for (int i = 0; i < s.length; i++) {
                if (s[i] == null) {
                    throw new ModelFileException(path, "'vocabulary' element " + i + " is not valid "
                            + (kind == 'S' ? "ASCII" : "Unicode") + " text");
                }
            }
            if (a.shape.length == 0 || s.length == 1) {
                codePoints = s[0].codePoints().toArray();
            } else if (a.shape.length == 1) {
                codePoints = new int[s.length];
                for (int i = 0; i < s.length; i++) {
                    if (s[i].codePointCount(0, s[i].length()) != 1) {
                        throw new ModelFileException(path, "'vocabulary' element " + i + " is '" + s[i]
                                + "'; expected one character per element");
                    }
                    codePoints[i] = s[i].codePointAt(0);
                }
            } else {
                throw new ModelFileException(path, "'vocabulary' is " + a.shapeText()
                        + " but must be 1-D (one character per element) or a single string");
            }
        } else {
            throw new ModelFileException(path, "'vocabulary' has dtype " + a.dtypeName()
                    + ", expected int32 code points or a unicode string array");
        }
        NpzReader.Array input = arrays.get(inputEntry(cell));
        NpzReader.Array output = arrays.get(outputEntry(cell));
        if (cell == CellKind.RNN && codePoints.length != input.shape[1]) {
            throw new ModelFileException(path, "vocabulary has " + codePoints.length + " characters but 'Wax' has "
                    + input.shape[1] + " columns");
        }
        if (cell != CellKind.RNN && codePoints.length != input.shape[1] - input.shape[0]) {
            throw new ModelFileException(path, "vocabulary has " + codePoints.length + " characters but '"
                    + input.name + "' is " + input.shapeText() + ", so n_x = " + (input.shape[1] - input.shape[0]));
        }
        if (codePoints.length != output.shape[0]) {
            throw new ModelFileException(path, "vocabulary has " + codePoints.length + " characters but '"
                    + output.name + "' has " + output.shape[0] + " rows");
        }
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < codePoints.length; i++) {
            Integer before = seen.put(codePoints[i], i);
            if (before != null) {
                throw new ModelFileException(path, "vocabulary lists " + describe(codePoints[i])
                        + " twice (positions " + before + " and " + i + ")");
            }
        }
        return new String(codePoints, 0, codePoints.length);
    }

    private static Map<String, String> config(Path path, NpzReader.Array a) {
        JsonElement json = json(path, a);
        if (!json.isJsonObject()) {
            throw new ModelFileException(path, "'config' is not a JSON object");
        }
        Map<String, String> config = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : json.getAsJsonObject().entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive()) {
                throw new ModelFileException(path, "'config' value of '" + e.getKey()
                        + "' is not a string, number or boolean");
            }
            JsonPrimitive p = v.getAsJsonPrimitive();
            config.put(e.getKey(), p.getAsString());
        }
        return config;
    }

    /** The text of a one-element string entry ({@code U} or {@code S}, shape {@code ()} or {@code (1,)}). */
    private static String singleString(Path path, NpzReader.Array a, String what) {
        if ((a.kind() != 'U' && a.kind() != 'S') || a.itemSize() <= 0) {
            throw new ModelFileException(path, "'" + a.name + "' has dtype " + a.dtypeName()
                    + ", expected a " + what + " (unicode or bytes)");
        }
        if (a.size() != 1 || a.shape.length > 1) {
            throw new ModelFileException(path, "'" + a.name + "' is " + a.shapeText()
                    + " but must hold one " + what + ", shape () or (1,)");
        }
        String text = a.strings()[0];
        if (text == null) {
            throw new ModelFileException(path, "'" + a.name + "' is not valid text");
        }
        return text;
    }

    /** The JSON value of a one-element string entry. */
    private static JsonElement json(Path path, NpzReader.Array a) {
        String text = singleString(path, a, "JSON string");
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement json = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IOException("text after the JSON value");
            }
            return json;
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(path, "'" + a.name + "' is not valid JSON (" + jsonProblem(e) + ")", e);
        }
    }

    private static final java.util.regex.Pattern JSON_POSITION =
            java.util.regex.Pattern.compile("line (\\d+) column (\\d+)");

    /**
     * Where the JSON text went wrong, in a few words: the parser's own message spans lines and gives advice
     * about its API and a web address, which mean nothing to someone loading a model file.
     */
    static String jsonProblem(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        java.util.regex.Matcher at = JSON_POSITION.matcher(m);
        if (at.find()) {
            return "malformed at line " + at.group(1) + ", column " + at.group(2);
        }
        String first = m.lines().findFirst().orElse("").strip();
        return first.isEmpty() || first.contains("JsonReader") || first.contains("http") ? "malformed" : first;
    }

    private static String describe(int codePoint) {
        return switch (codePoint) {
            case '\n' -> "'\\n'";
            case '\t' -> "'\\t'";
            case '\r' -> "'\\r'";
            default -> Character.isISOControl(codePoint) ? String.format("U+%04X", codePoint)
                    : "'" + new String(Character.toChars(codePoint)) + "'";
        };
    }
}
