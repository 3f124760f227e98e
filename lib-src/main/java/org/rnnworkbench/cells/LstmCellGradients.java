package org.rnnworkbench.cells;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * What {@link Lstm#lstmCellBackward} returns: {@code dxt (n_x, m)}, {@code daPrev}, {@code dcPrev}
 * (n_a, m), the gate matrix gradients {@code dWf, dWi, dWc, dWo (n_a, n_a + n_x)} and the bias
 * gradients {@code dbf, dbi, dbc, dbo (n_a, 1)}. {@link #get(String)} takes the dictionary keys.
 */
public record LstmCellGradients(DMatrixRMaj dxt, DMatrixRMaj daPrev, DMatrixRMaj dcPrev, DMatrixRMaj dWf,
        DMatrixRMaj dWi, DMatrixRMaj dWc, DMatrixRMaj dWo, DMatrixRMaj dbf, DMatrixRMaj dbi, DMatrixRMaj dbc,
        DMatrixRMaj dbo) {

    /** The dictionary keys. */
    public static final List<String> NAMES = List.of("dxt", "da_prev", "dc_prev", "dWf", "dWi", "dWc", "dWo",
            "dbf", "dbi", "dbc", "dbo");

    /** The gradient called {@code name} ({@code "da_prev"} and {@code "daPrev"} both work). */
    public DMatrixRMaj get(String name) {
        return switch (name) {
            case "dxt" -> dxt;
            case "da_prev", "daPrev" -> daPrev;
            case "dc_prev", "dcPrev" -> dcPrev;
            case "dWf" -> dWf;
            case "dWi" -> dWi;
            case "dWc" -> dWc;
            case "dWo" -> dWo;
            case "dbf" -> dbf;
            case "dbi" -> dbi;
            case "dbc" -> dbc;
            case "dbo" -> dbo;
            default -> throw Names.unknown("LSTM cell gradient", name, NAMES);
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
