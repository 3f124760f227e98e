package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.Golden;
import org.rnnworkbench.cells.RnnParameters;

/** Reading the Part B fixtures: parameter and gradient dictionaries, index sequences, summaries. */
final class LmFixtures {
    private LmFixtures() {}

    static RnnParameters parameters(JsonObject d) {
        return new RnnParameters(Golden.matrix(d.get("Waa")), Golden.matrix(d.get("Wax")), Golden.matrix(d.get("Wya")),
                Golden.matrix(d.get("b")), Golden.matrix(d.get("by")));
    }

    static Gradients gradients(JsonObject d) {
        return new Gradients(Golden.matrix(d.get("dWax")), Golden.matrix(d.get("dWaa")), Golden.matrix(d.get("dWya")),
                Golden.matrix(d.get("db")), Golden.matrix(d.get("dby")));
    }

    /** A list of indices; JSON null (Python's None) becomes {@link CharRnn#NONE}. */
    static int[] indices(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).isJsonNull() ? CharRnn.NONE : a.get(i).getAsInt();
        }
        return out;
    }

    static void assertGradients(String what, JsonObject expected, Gradients actual, double tol) {
        for (String k : Gradients.NAMES) {
            Golden.assertClose(what + " " + k, expected.get(k), actual.get(k), tol);
        }
    }

    static void assertParameters(String what, JsonObject expected, RnnParameters actual, double tol) {
        for (String k : new String[] {"Wax", "Waa", "Wya", "b", "by"}) {
            Golden.assertClose(what + " " + k, expected.get(k), actual.get(k), tol);
        }
    }

    /** Compares a matrix with a fixture summary: shape, sum, Frobenius norm, first and last entries. */
    static void assertSummary(String what, JsonObject summary, DMatrixRMaj m, double tol) {
        int[] shape = Golden.shape(summary);
        int rows = shape[0];
        int cols = shape.length > 1 ? shape[1] : 1;
        assertArrayEquals(new int[] {rows, cols}, new int[] {m.numRows, m.numCols}, what + ": shape");
        int n = m.getNumElements();
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            sum += m.data[i];
            sq += m.data[i] * m.data[i];
        }
        double[] first = Golden.data(summary.get("first"));
        double[] last = Golden.data(summary.get("last"));
        // The sum may cancel to near zero: compare it on the scale of the entries' magnitudes.
        double scale = Math.max(1.0, Math.sqrt(sq) * Math.sqrt(n));
        Golden.assertClose(what + " sum", new double[] {summary.get("sum").getAsDouble() / scale},
                new double[] {sum / scale}, tol);
        Golden.assertClose(what + " norm", new double[] {summary.get("norm").getAsDouble()}, new double[] {Math.sqrt(sq)}, tol);
        Golden.assertClose(what + " first", first, Arrays.copyOfRange(m.data, 0, first.length), tol);
        Golden.assertClose(what + " last", last, Arrays.copyOfRange(m.data, n - last.length, n), tol);
    }
}
