package org.rnnworkbench.seq;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.lm.LmGradients;

/**
 * Gradients of the tagger's loss, one per parameter, named {@code "d" + name}: {@code dWaa, dWax, dWya,
 * dba, dby} for the RNN cell, {@code dWz, dWr, dWh, dWy, dby} for the GRU. Each has its parameter's
 * shape. Matrices are held, not copied.
 */
public final class TaggerGradients implements LmGradients {
    private final Map<String, DMatrixRMaj> byName;

    private TaggerGradients(Map<String, DMatrixRMaj> byName) {
        this.byName = byName;
    }

    /** Zero gradients shaped like {@code p}. */
    public static TaggerGradients zerosLike(CellParameters p) {
        if (p == null) {
            throw new IllegalArgumentException("parameters is null");
        }
        Map<String, DMatrixRMaj> m = new LinkedHashMap<>();
        for (String k : p.names()) {
            DMatrixRMaj w = p.get(k);
            m.put("d" + k, new DMatrixRMaj(w.numRows, w.numCols));
        }
        return new TaggerGradients(m);
    }

    /** The names, {@code "d" + } each parameter name, in the parameters' order. */
    @Override
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
    }

    /** The gradient called {@code name}, e.g. {@code "dWaa"}. */
    @Override
    public DMatrixRMaj get(String name) {
        DMatrixRMaj g = byName.get(name);
        if (g == null) {
            throw new IllegalArgumentException("no gradient called '" + name + "'; the names are " + byName.keySet());
        }
        return g;
    }
}
