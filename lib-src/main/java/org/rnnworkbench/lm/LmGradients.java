package org.rnnworkbench.lm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * What the training loop needs from a language model's gradients, whatever the cell: the names,
 * each matrix by name (to clip and check it), the norms and the entry count (for the history).
 * {@link Gradients} (RNN), {@link GruLmGradients} (GRU) and {@link LstmLmGradients} (LSTM) implement it.
 */
public interface LmGradients {
    /** The dictionary keys, in the order the history lists them. */
    List<String> names();

    /** The gradient called {@code name}. */
    DMatrixRMaj get(String name);

    /** The gradients as an ordered dictionary, keyed by {@link #names()}. */
    default Map<String, DMatrixRMaj> asMap() {
        Map<String, DMatrixRMaj> m = new LinkedHashMap<>();
        for (String k : names()) {
            m.put(k, get(k));
        }
        return m;
    }

    /** The Frobenius norm of each gradient, in {@link #names()} order, written into {@code out} from {@code offset}. */
    default void norms(double[] out, int offset) {
        List<String> names = names();
        if (out == null || offset < 0 || offset + names.size() > out.length) {
            throw new IllegalArgumentException("out must hold " + names.size() + " values from offset " + offset
                    + " but has length " + (out == null ? "null" : out.length));
        }
        for (int k = 0; k < names.size(); k++) {
            out[offset + k] = NormOps_DDRM.fastNormF(get(names.get(k)));
        }
    }

    /** Total number of entries of all the gradients. */
    default int numElements() {
        int n = 0;
        for (String k : names()) {
            n += get(k).getNumElements();
        }
        return n;
    }
}
