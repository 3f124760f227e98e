package org.rnnworkbench.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Tensor3;

/**
 * Values computed by the project's NumPy reference ({@code lib-src/reference/}), read from the golden
 * fixtures, so a notebook can put a ✔/✘ line under each result. A fixture holds a list of named
 * cases, each with {@code inputs} and {@code outputs}; arrays are {@code {"shape": [...], "data":
 * [... C order ...]}}.
 */
public final class NumpyReference {
    private final Path file;
    private final JsonObject root;

    private NumpyReference(Path file, JsonObject root) {
        this.file = file;
        this.root = root;
    }

    /** Reads a fixture file, e.g. {@code ../lib-src/test/resources/golden/rnn_cell_forward.json}. */
    public static NumpyReference load(String path) {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("path " + file.toAbsolutePath() + " is not a fixture file");
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new NumpyReference(file, JsonParser.parseReader(r).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + " is not a JSON fixture: " + e.getMessage(), e);
        }
    }

    /** The names of the cases in this fixture. */
    public List<String> caseNames() {
        List<String> names = new ArrayList<>();
        for (JsonElement c : cases()) {
            names.add(c.getAsJsonObject().get("name").getAsString());
        }
        return names;
    }

    /** The case called {@code name} (the assignment's own test is called "assignment"). */
    public Case testCase(String name) {
        for (JsonElement c : cases()) {
            JsonObject o = c.getAsJsonObject();
            if (o.get("name").getAsString().equals(name)) {
                return new Case(file.getFileName() + "[" + name + "]", o);
            }
        }
        throw new IllegalArgumentException("name '" + name + "' is not a case of " + file.getFileName()
                + "; the cases are " + caseNames());
    }

    /**
     * Any value of the fixture by its path of keys, e.g. {@code at("official", "printed", "loss")}
     * (a list element by its index as a string).
     */
    public Value at(String... path) {
        JsonElement e = root;
        StringBuilder where = new StringBuilder(file.getFileName().toString());
        for (String key : path) {
            JsonElement next = null;
            if (e.isJsonObject()) {
                next = e.getAsJsonObject().get(key);
            } else if (e.isJsonArray() && key.matches("\\d+") && Integer.parseInt(key) < e.getAsJsonArray().size()) {
                next = e.getAsJsonArray().get(Integer.parseInt(key));
            }
            if (next == null) {
                throw new IllegalArgumentException("path " + where + " has no entry '" + key + "'"
                        + (e.isJsonObject() ? "; its keys are " + e.getAsJsonObject().keySet() : ""));
            }
            e = next;
            where.append('/').append(key);
        }
        return new Value(where.toString(), e);
    }

    /** A value read from a fixture, converted on request. */
    public static final class Value {
        private final String where;
        private final JsonElement json;

        Value(String where, JsonElement json) {
            this.where = where;
            this.json = json;
        }

        /** A number (or the single value of a one-element array). */
        public double scalar() {
            if (json.isJsonPrimitive()) {
                return json.getAsDouble();
            }
            double[] d = data(json);
            if (d.length != 1) {
                throw new IllegalArgumentException(where + " holds " + d.length + " values, not one");
            }
            return d[0];
        }

        /** An array as a matrix (a 1-D array becomes a column). */
        public DMatrixRMaj matrix() {
            return NumpyReference.matrix(json);
        }

        /** A 3-D array as a tensor. */
        public Tensor3 tensor() {
            return NumpyReference.tensor(json);
        }

        /** The numbers of a list or of an array (C order). */
        public double[] doubles() {
            return data(json);
        }

        /** A list of integers (indices). */
        public int[] ints() {
            JsonArray a = json.getAsJsonArray();
            int[] v = new int[a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = a.get(i).getAsInt();
            }
            return v;
        }

        /** A string. */
        public String text() {
            return json.getAsString();
        }

        @Override
        public String toString() {
            return where + " = " + json;
        }
    }

    private JsonArray cases() {
        JsonElement c = root.get("cases");
        if (c == null || !c.isJsonArray()) {
            throw new IllegalArgumentException(file.getFileName() + " has no list of cases");
        }
        return c.getAsJsonArray();
    }

    /** One case of a fixture: its inputs and the outputs NumPy computed from them. */
    public static final class Case {
        private final String label;
        private final JsonObject json;

        Case(String label, JsonObject json) {
            this.label = label;
            this.json = json;
        }

        /** The seed the inputs were drawn from. */
        public long seed() {
            return json.get("seed").getAsLong();
        }

        /** An output as a matrix (a 1-D array becomes a column). */
        public DMatrixRMaj output(String name) {
            return matrix(entry("outputs", name));
        }

        /** A 3-D output as a tensor. */
        public Tensor3 outputTensor(String name) {
            return tensor(entry("outputs", name));
        }

        /** A scalar output. */
        public double outputScalar(String name) {
            JsonElement e = entry("outputs", name);
            return e.isJsonPrimitive() ? e.getAsDouble() : data(e)[0];
        }

        /** An input as a matrix. */
        public DMatrixRMaj input(String name) {
            return matrix(entry("inputs", name));
        }

        /** A 3-D input as a tensor. */
        public Tensor3 inputTensor(String name) {
            return tensor(entry("inputs", name));
        }

        private JsonElement entry(String group, String name) {
            JsonObject g = json.getAsJsonObject(group);
            if (g == null || !g.has(name)) {
                throw new IllegalArgumentException("name '" + name + "' is not among the " + group + " of " + label
                        + (g == null ? "" : "; they are " + g.keySet()));
            }
            return g.get(name);
        }
    }

    /** "✔ label equals NumPy ..." or "✘ ..." for a matrix result. */
    public static String compare(String label, DMatrixRMaj actual, DMatrixRMaj expected, double relTol) {
        if (actual.numRows != expected.numRows || actual.numCols != expected.numCols) {
            return "✘ " + label + " has shape (" + actual.numRows + "," + actual.numCols + ") but NumPy's is ("
                    + expected.numRows + "," + expected.numCols + ")";
        }
        return verdict(label, actual.data, expected.data, actual.getNumElements(), relTol);
    }

    /** "✔ label equals NumPy ..." or "✘ ..." for a tensor result. */
    public static String compare(String label, Tensor3 actual, Tensor3 expected, double relTol) {
        if (!java.util.Arrays.equals(actual.shape(), expected.shape())) {
            return "✘ " + label + " has shape " + actual.shapeString() + " but NumPy's is " + expected.shapeString();
        }
        double[] a = actual.toCOrder();
        return verdict(label, a, expected.toCOrder(), a.length, relTol);
    }

    /** "✔ label equals NumPy ..." or "✘ ..." for a scalar result. */
    public static String compare(String label, double actual, double expected, double relTol) {
        return verdict(label, new double[] {actual}, new double[] {expected}, 1, relTol);
    }

    /** The largest |a − e| / max(1, |e|) over the first n entries. */
    static double maxRelativeDifference(double[] a, double[] e, int n) {
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.abs(a[i] - e[i]) / Math.max(1.0, Math.abs(e[i]));
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        return worst;
    }

    private static String verdict(String label, double[] a, double[] e, int n, double relTol) {
        double worst = maxRelativeDifference(a, e, n);
        String detail = relTol == 0
                ? String.format(Locale.ROOT, "(%d value%s, compared exactly)", n, n == 1 ? "" : "s")
                : String.format(Locale.ROOT, "(%d value%s, largest relative difference %.1e, tolerance %.0e)",
                        n, n == 1 ? "" : "s", worst, relTol);
        return worst <= relTol ? "✔ " + label + " equals NumPy's " + detail
                : "✘ " + label + " differs from NumPy's " + detail;
    }

    /** The flat C-order values of a fixture array {@code {"shape", "data"}} or of a plain list of numbers. */
    public static double[] data(JsonElement array) {
        JsonArray d = array.isJsonArray() ? array.getAsJsonArray() : array.getAsJsonObject().getAsJsonArray("data");
        double[] v = new double[d.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = d.get(i).getAsDouble();
        }
        return v;
    }

    /** The shape of a fixture array. */
    public static int[] shape(JsonElement array) {
        JsonArray s = array.getAsJsonObject().getAsJsonArray("shape");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).getAsInt();
        }
        return shape;
    }

    /** A 0-, 1- or 2-D fixture array as a matrix (a 1-D array becomes a column). */
    public static DMatrixRMaj matrix(JsonElement array) {
        int[] s = shape(array);
        if (s.length > 2) {
            throw new IllegalArgumentException("entry has " + s.length + " dimensions; use the tensor accessor");
        }
        int rows = s.length == 0 ? 1 : s[0];
        int cols = s.length == 2 ? s[1] : 1;
        return new DMatrixRMaj(rows, cols, true, data(array));
    }

    /** A 3-D fixture array as a tensor. */
    public static Tensor3 tensor(JsonElement array) {
        int[] s = shape(array);
        if (s.length != 3) {
            throw new IllegalArgumentException("entry has " + s.length + " dimensions, not 3");
        }
        return Tensor3.fromCOrder(s[0], s[1], s[2], data(array));
    }
}
