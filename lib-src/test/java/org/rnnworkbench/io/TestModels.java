package org.rnnworkbench.io;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.io.ModelFile.Model;
import org.rnnworkbench.io.ModelFile.NamedArray;
import org.rnnworkbench.lm.CellKind;

/** Random models for the model-file tests, and an exact comparison. */
final class TestModels {
    private TestModels() {}

    /** Characters beyond ASCII, one outside the Basic Multilingual Plane, to exercise the encodings. */
    private static final String EXTRA = "éßü→ж\uD83D\uDE00";

    /** {@code '\n'}, then letters and digits, then non-ASCII characters: {@code size} distinct characters. */
    static String vocabulary(int size) {
        StringBuilder s = new StringBuilder("\n");
        String pool = "abcdefghijklmnopqrstuvwxyz0123456789 .,;:!?-'" + EXTRA;
        int[] cps = pool.codePoints().toArray();
        for (int i = 0; s.codePointCount(0, s.length()) < size; i++) {
            s.appendCodePoint(i < cps.length ? cps[i] : 0x4E00 + i);
        }
        return s.toString();
    }

    /** A random RNN model with hidden size {@code nA} and {@code size} characters, values of every kind. */
    static Model random(Random r, int nA, int size, boolean withState) {
        return random(r, CellKind.RNN, nA, size, withState);
    }

    /**
     * A random model of {@code cell} with hidden size {@code nA} and {@code size} characters, values of
     * every kind; its state has {@code c_prev} too for the LSTM.
     */
    static Model random(Random r, CellKind cell, int nA, int size, boolean withState) {
        int k = nA + size;
        CellParameters p = switch (cell) {
            case RNN -> new RnnParameters(fill(r, nA, nA), fill(r, nA, size), fill(r, size, nA), fill(r, nA, 1),
                    fill(r, size, 1));
            case GRU -> new GruParameters(fill(r, nA, k), fill(r, nA, k), fill(r, nA, k), fill(r, size, nA),
                    fill(r, size, 1));
            case LSTM -> new LstmParameters(fill(r, nA, k), fill(r, nA, 1), fill(r, nA, k), fill(r, nA, 1),
                    fill(r, nA, k), fill(r, nA, 1), fill(r, nA, k), fill(r, nA, 1), fill(r, size, nA), fill(r, size, 1));
        };
        Map<String, String> config = new LinkedHashMap<>();
        config.put("hidden", Integer.toString(nA));
        config.put("lr", "0.01");
        config.put("iteration", Integer.toString(r.nextInt(100_000)));
        config.put("cell", cell.id());
        config.put("data", "données/élément \"list\".txt\n\\");
        Map<String, NamedArray> state = new LinkedHashMap<>();
        if (withState) {
            state.put("a_prev", NamedArray.of(fill(r, nA, 1)));
            if (cell.hasMemoryCell()) {
                state.put("c_prev", NamedArray.of(fill(r, nA, 1)));
            }
            state.put("rng", new NamedArray(values(r, 7), new int[] {7}));
            state.put("cube", new NamedArray(values(r, 24), new int[] {2, 3, 4}));
        }
        return new Model(p, vocabulary(size), config, state);
    }

    static DMatrixRMaj fill(Random r, int rows, int cols) {
        return DMatrixRMaj.wrap(rows, cols, values(r, rows * cols));
    }

    /** Finite doubles of every kind: Gaussian, tiny, huge, subnormal, signed zero, random bit patterns. */
    static double[] values(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(8)) {
                case 0 -> v[i] = -0.0;
                case 1 -> v[i] = r.nextBoolean() ? Double.MIN_VALUE : -Double.MAX_VALUE;
                case 2 -> v[i] = Double.longBitsToDouble(r.nextLong() & 0x000F_FFFF_FFFF_FFFFL); // subnormal
                case 3 -> {
                    double d;
                    do {
                        d = Double.longBitsToDouble(r.nextLong());
                    } while (!Double.isFinite(d));
                    v[i] = d;
                }
                default -> v[i] = r.nextGaussian() * 0.01;
            }
        }
        return v;
    }

    /** Fails unless the two models hold the same bits, vocabulary, config and state. */
    static void assertSameModel(Model expected, Model actual) {
        String difference = ModelFile.difference(expected, actual);
        if (difference != null) {
            fail("models differ: " + difference);
        }
    }
}
