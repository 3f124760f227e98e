package org.rnnworkbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.notebook.NumpyReference;
import org.rnnworkbench.tensor.Tensor3;

/**
 * Reads the golden fixtures written by {@code lib-src/reference/make_golden.py} and compares
 * results with them. An array in a fixture is {@code {"shape": [...], "data": [... C order ...]}};
 * Python writes floats with {@code repr}, so every double is read back exactly.
 */
public final class Golden {
    private Golden() {}

    /** The fixture {@code golden/<name>} from the test resources. */
    public static JsonObject load(String name) {
        String path = "/golden/" + name;
        try (InputStream in = Golden.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path + "; run `make golden`");
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shape of an array entry. */
    public static int[] shape(JsonElement array) {
        return NumpyReference.shape(array);
    }

    /** The flat C-order values of an array entry (or of a plain JSON list of numbers). */
    public static double[] data(JsonElement array) {
        return NumpyReference.data(array);
    }

    /** A 2-D array entry as an EJML matrix (a 1-D entry becomes a column). */
    public static DMatrixRMaj matrix(JsonElement array) {
        return NumpyReference.matrix(array);
    }

    /** A 3-D array entry as a tensor. */
    public static Tensor3 tensor(JsonElement array) {
        return NumpyReference.tensor(array);
    }

    /** Fails unless every value agrees within a relative tolerance (absolute near zero). */
    public static void assertClose(String what, double[] expected, double[] actual, double relTol) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            double scale = Math.max(1.0, Math.max(Math.abs(e), Math.abs(a)));
            if (!(Math.abs(e - a) <= relTol * scale)) {
                fail(what + "[" + i + "]: expected " + e + " but got " + a + " (relative tolerance " + relTol + ")");
            }
        }
    }

    /** Compares a matrix with a fixture entry: shape, then values. */
    public static void assertClose(String what, JsonElement expected, DMatrixRMaj actual, double relTol) {
        DMatrixRMaj e = matrix(expected);
        assertEquals(e.numRows + "x" + e.numCols, actual.numRows + "x" + actual.numCols, what + ": shape");
        assertClose(what, e.data, java.util.Arrays.copyOf(actual.data, actual.getNumElements()), relTol);
    }

    /** Compares a tensor with a fixture entry: shape, then values. */
    public static void assertClose(String what, JsonElement expected, Tensor3 actual, double relTol) {
        int[] s = shape(expected);
        assertEquals(java.util.Arrays.toString(s), java.util.Arrays.toString(actual.shape()), what + ": shape");
        assertClose(what, data(expected), actual.toCOrder(), relTol);
    }
}
