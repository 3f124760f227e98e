package org.rnnworkbench.lm;

/**
 * How the SGD step size changes over a run of {@code updates} updates: kept constant (the assignment's),
 * or decayed from the base rate towards zero, linearly or along a half cosine. Update {@code u}
 * (0-based) uses {@link #rate}: the first update always uses the base rate, and the last one a rate
 * above zero.
 */
public enum LearningRateDecay {
    /** The base rate at every update. */
    NONE("none"),
    /** {@code base·(1 − u/updates)}: from the base rate down to {@code base/updates} at the last update. */
    LINEAR("linear"),
    /** {@code base·(1 + cos(π·u/updates))/2}: slow at both ends, fastest in the middle. */
    COSINE("cosine");

    private final String id;

    LearningRateDecay(String id) {
        this.id = id;
    }

    /** The name used in tables and option values ({@code none}, {@code linear}, {@code cosine}). */
    public String id() {
        return id;
    }

    /**
     * The step size of update {@code update} (0-based) of {@code updates}, given the base rate. Throws
     * {@link IllegalArgumentException} when {@code updates} is not positive or {@code update} is outside
     * {@code [0, updates)}.
     */
    public double rate(double base, long update, long updates) {
        if (updates <= 0) {
            throw new IllegalArgumentException("updates must be positive but was " + updates);
        }
        if (update < 0 || update >= updates) {
            throw new IllegalArgumentException("update must be in [0, " + updates + ") but was " + update);
        }
        return switch (this) {
            case NONE -> base;
            case LINEAR -> base * ((double) (updates - update) / updates);
            case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * update / updates));
        };
    }

    /** The decay whose {@link #id()} is {@code id}; the error names the accepted values. */
    public static LearningRateDecay of(String id) {
        for (LearningRateDecay d : values()) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("learning-rate decay must be one of none, linear, cosine but was '" + id + "'");
    }
}
