package org.rnnworkbench.cells;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * What {@link Gru#gruCellBackward} returns: {@code dxt (n_x, m)}, {@code daPrev (n_a, m)} and
 * {@code dWz, dWr, dWh (n_a, n_a + n_x)}. {@link #get(String)} takes the dictionary keys.
 */
public record GruCellGradients(DMatrixRMaj dxt, DMatrixRMaj daPrev, DMatrixRMaj dWz, DMatrixRMaj dWr,
        DMatrixRMaj dWh) {

    /** The dictionary keys. */
    public static final List<String> NAMES = List.of("dxt", "da_prev", "dWz", "dWr", "dWh");

    /** The gradient called {@code name} ({@code "da_prev"} and {@code "daPrev"} both work). */
    public DMatrixRMaj get(String name) {
        return switch (name) {
            case "dxt" -> dxt;
            case "da_prev", "daPrev" -> daPrev;
            case "dWz" -> dWz;
            case "dWr" -> dWr;
            case "dWh" -> dWh;
            default -> throw Names.unknown("GRU cell gradient", name, NAMES);
        };
    }

    /** The gradients as an ordered dictionary, keyed by {@link #NAMES}. */
    public Map<String, DMatrixRMaj> asMap() {
        Map<String, DMatrixRMaj> m = new LinkedHashMap<>();
        for (String k : NAMES) {
            m.put(k, get(k));
        }
        return m;
    }
}
