package org.rnnworkbench.grading;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Tensor3;

/**
 * Hands a graded test cell's results to the grader. Each call prints one line on stdout,
 * <pre>
 *   RNNWB-ANSWER {"id":"rnn_cell_forward/a_next","kind":"matrix","shape":[5,10],"data":[...],"tol":1.0E-7}
 * </pre>
 * which the grader, outside the student's kernel, compares with the instructor's expected values
 * (with the instructor's tolerance, never the one printed here). Hidden tests' expected values are
 * never in the kernel, so nothing a student's code does here can make a wrong answer pass.
 *
 * <p>When expected values for the id were loaded with {@link #loadExpected(Path)} (the released
 * assignment ships those of its visible tests), the call also compares in the kernel and prints
 * {@code ✔ id}, or throws an {@link AssertionError} naming the id, the position, the expected and the
 * actual value and the tolerance. Numbers agree as in {@link Check}:
 * {@code |got − expected| ≤ tol·max(1, |expected|)}; indices must be identical.
 *
 * <p>Doubles are written with {@link Double#toString(double)} (shortest round-trip form); NaN and the
 * infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 */
public final class Answer {
    /** The prefix of every answer line; the grader reads the lines that start with it. */
    public static final String PREFIX = "RNNWB-ANSWER ";

    private static final Map<String, Expected> EXPECTED = new HashMap<>();
    private static int handed;
    private static int checked;

    private Answer() {}

    private record Expected(String kind, int[] shape, double[] data, double tol) {}

    /** Hands over a matrix (rows, cols); its data is written row by row. */
    public static void matrix(String id, DMatrixRMaj got, double tol) {
        checkId(id);
        checkTolerance(tol);
        if (got == null) {
            throw new AssertionError(id + " is null: expected a matrix");
        }
        emit(id, "matrix", new int[] {got.numRows, got.numCols}, got.data.clone(), tol, false);
    }

    /** Hands over a tensor (n, m, T); its data is written in C order (t fastest), as NumPy's ravel(). */
    public static void tensor(String id, Tensor3 got, double tol) {
        checkId(id);
        checkTolerance(tol);
        if (got == null) {
            throw new AssertionError(id + " is null: expected a tensor");
        }
        emit(id, "tensor", new int[] {got.n(), got.m(), got.T()}, got.toCOrder(), tol, false);
    }

    /** Hands over a list of indices (sampled characters, positions), which must match exactly. */
    public static void indices(String id, int[] got) {
        checkId(id);
        if (got == null) {
            throw new AssertionError(id + " is null: expected a list of indices");
        }
        double[] data = new double[got.length];
        for (int i = 0; i < got.length; i++) {
            data[i] = got[i];
        }
        emit(id, "indices", new int[] {got.length}, data, 0, true);
    }

    /** Hands over one number (a loss, a count). */
    public static void scalar(String id, double got, double tol) {
        checkId(id);
        checkTolerance(tol);
        emit(id, "scalar", new int[0], new double[] {got}, tol, false);
    }

    /**
     * Ends a test cell: prints "✔ {@code part}: n results match the expected values" when every result
     * handed over since the last call was checked here, else how many were handed to the grader.
     * A void call, so the cell has no value (nbgrader would read a number as partial credit).
     */
    public static void done(String part) {
        checkId(part);
        if (handed > 0 && checked == handed) {
            System.out.println("\u2714 " + part + ": " + handed + " results match the expected values");
        } else {
            System.out.println(part + ": " + handed + " results handed to the grader"
                    + (checked > 0 ? " (" + checked + " of them checked here)" : ""));
        }
        handed = 0;
        checked = 0;
    }

    /**
     * Loads expected values, replacing those loaded before: a JSON object whose {@code "cells"} maps each
     * test cell to a list of answers as printed ({@code id, kind, shape, data, tol}).
     */
    public static void loadExpected(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the expected values " + file + ": " + e.getMessage(), e);
        }
        Map<String, Expected> loaded = new HashMap<>();
        try {
            JsonObject cells = JsonParser.parseString(text).getAsJsonObject().getAsJsonObject("cells");
            if (cells == null) {
                throw new IllegalArgumentException("file " + file + " has no \"cells\" object");
            }
            for (Map.Entry<String, JsonElement> cell : cells.entrySet()) {
                for (JsonElement e : cell.getValue().getAsJsonArray()) {
                    JsonObject a = e.getAsJsonObject();
                    JsonArray shape = a.getAsJsonArray("shape");
                    JsonArray data = a.getAsJsonArray("data");
                    int[] s = new int[shape.size()];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = shape.get(i).getAsInt();
                    }
                    double[] d = new double[data.size()];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = number(data.get(i));
                    }
                    loaded.put(a.get("id").getAsString(),
                            new Expected(a.get("kind").getAsString(), s, d, a.get("tol").getAsDouble()));
                }
            }
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | ClassCastException e) {
            throw new IllegalArgumentException("file " + file + " is not a file of expected values: " + e.getMessage(), e);
        }
        EXPECTED.clear();
        EXPECTED.putAll(loaded);
    }

    /** How many expected values are loaded (0 before {@link #loadExpected(Path)}). */
    public static int expectedCount() {
        return EXPECTED.size();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static void emit(String id, String kind, int[] shape, double[] data, double tol, boolean integers) {
        StringBuilder s = new StringBuilder(PREFIX).append("{\"id\":");
        string(s, id);
        s.append(",\"kind\":\"").append(kind).append("\",\"shape\":[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? "," : "").append(shape[i]);
        }
        s.append("],\"data\":[");
        for (int i = 0; i < data.length; i++) {
            s.append(i > 0 ? "," : "");
            if (integers) {
                s.append((long) data[i]);
            } else if (Double.isNaN(data[i]) || Double.isInfinite(data[i])) {
                s.append('"').append(data[i]).append('"');
            } else {
                s.append(data[i]);
            }
        }
        s.append("],\"tol\":").append(tol).append('}');
        // One println per answer, so the line reaches stdout whole.
        System.out.println(s);
        handed++;
        Expected e = EXPECTED.get(id);
        if (e != null) {
            compare(id, kind, shape, data, e);
            checked++;
            System.out.println("\u2714 " + id);
        }
    }

    private static void compare(String id, String kind, int[] shape, double[] data, Expected e) {
        if (!kind.equals(e.kind())) {
            throw new AssertionError(id + " is a " + kind + ", expected a " + e.kind());
        }
        if (!java.util.Arrays.equals(shape, e.shape())) {
            throw new AssertionError(id + " has the wrong shape: expected " + shapeText(e.shape()) + ", got "
                    + shapeText(shape));
        }
        Compare.values(id, data, e.data(), e.tol() > 0 ? e.tol() : 0, i -> position(shape, i));
    }

    private static String position(int[] shape, int index) {
        if (shape.length == 0) {
            return "[]";
        }
        StringBuilder s = new StringBuilder();
        int rest = index;
        int[] at = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            at[k] = rest % shape[k];
            rest /= shape[k];
        }
        for (int v : at) {
            s.append('[').append(v).append(']');
        }
        return s.toString();
    }

    private static String shapeText(int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? "," : "").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static double number(JsonElement e) {
        if (e.getAsJsonPrimitive().isString()) {
            return switch (e.getAsString()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException("not a number: \"" + e.getAsString() + "\"");
            };
        }
        return e.getAsDouble();
    }

    private static void string(StringBuilder s, String text) {
        s.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }

    private static void checkId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must name the part and the value, e.g. \"rnn_cell_forward/a_next\"");
        }
    }

    private static void checkTolerance(double tol) {
        if (!(tol > 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tol must be positive and finite but was " + tol);
        }
    }
}
