package org.rnnworkbench.seq;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.lm.LmGradients;
import org.rnnworkbench.tensor.Shapes;

/**
 * The Adam update (Kingma and Ba, 2015), entry by entry for every parameter θ with gradient g:
 * <pre>
 *   s ← s + 1
 *   v ← β1·v + (1 − β1)·g          first moment
 *   r ← β2·r + (1 − β2)·g²         second moment
 *   θ ← θ − lr · (v / (1 − β1^s)) / (√(r / (1 − β2^s)) + ε)
 * </pre>
 * The moments start at zero (hence the bias corrections) and are kept here, one pair per parameter.
 * Each parameter moves by about lr per step whatever the scale of its gradient, which is why it
 * converges much faster than SGD on this task.
 */
public final class Adam {
    /** The usual defaults. */
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Map<String, DMatrixRMaj> v = new LinkedHashMap<>();
    private final Map<String, DMatrixRMaj> r = new LinkedHashMap<>();
    private int steps;

    /** Adam for parameters shaped like {@code p}, with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public Adam(CellParameters p, double learningRate) {
        this(p, learningRate, BETA1, BETA2, EPSILON);
    }

    /** Adam for parameters shaped like {@code p}. */
    public Adam(CellParameters p, double learningRate, double beta1, double beta2, double epsilon) {
        if (p == null) {
            throw new IllegalArgumentException("parameters is null");
        }
        this.learningRate = Shapes.positive("learningRate", learningRate);
        this.beta1 = fraction("beta1", beta1);
        this.beta2 = fraction("beta2", beta2);
        this.epsilon = Shapes.positive("epsilon", epsilon);
        for (String k : p.names()) {
            DMatrixRMaj w = p.get(k);
            v.put(k, new DMatrixRMaj(w.numRows, w.numCols));
            r.put(k, new DMatrixRMaj(w.numRows, w.numCols));
        }
    }

    /** One step: every parameter of {@code p} moves against its gradient {@code g.get("d" + name)}. {@code p}: modified. */
    public void update(CellParameters p, LmGradients g) {
        if (p == null || g == null) {
            throw new IllegalArgumentException("parameters and gradients must not be null");
        }
        if (!p.names().equals(java.util.List.copyOf(v.keySet()))) {
            throw new IllegalArgumentException("parameters are named " + p.names() + " but this Adam was made for "
                    + v.keySet());
        }
        for (String k : p.names()) {
            Shapes.sameShape(k, p.get(k), "moment of " + k, v.get(k));
            Shapes.sameShape("d" + k, g.get("d" + k), k, p.get(k));
        }
        steps++;
        double c1 = 1 - Math.pow(beta1, steps);
        double c2 = 1 - Math.pow(beta2, steps);
        for (String k : p.names()) {
            double[] w = p.get(k).data;
            double[] d = g.get("d" + k).data;
            double[] m1 = v.get(k).data;
            double[] m2 = r.get(k).data;
            for (int i = 0, n = p.get(k).getNumElements(); i < n; i++) {
                m1[i] = beta1 * m1[i] + (1 - beta1) * d[i];
                m2[i] = beta2 * m2[i] + (1 - beta2) * d[i] * d[i];
                w[i] -= learningRate * (m1[i] / c1) / (Math.sqrt(m2[i] / c2) + epsilon);
            }
        }
    }

    /** Number of updates made so far. */
    public int steps() {
        return steps;
    }

    /** The learning rate lr. */
    public double learningRate() {
        return learningRate;
    }

    private static double fraction(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1) but was " + value);
        }
        return value;
    }
}
