package org.rnnworkbench.lm;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * What the training loop needs from a language model's gradients, whatever the cell: the names,
 * each matrix by name (to clip and check it), the norms and the entry count (for the history).
 * {@link Gradients} (RNN) and {@link GruLmGradients} (GRU) implement it.
 */
public interface LmGradients {
    /** The dictionary keys, in the order the history lists them. */
    List<String> names();

    /** The gradient called {@code name}. */
    DMatrixRMaj get(String name);

    /** The Frobenius norm of each gradient, in {@link #names()} order, written into {@code out} from {@code offset}. */
    void norms(double[] out, int offset);

    /** Total number of entries of all the gradients. */
    int numElements();
}
