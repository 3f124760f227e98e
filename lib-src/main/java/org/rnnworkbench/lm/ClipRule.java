package org.rnnworkbench.lm;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a training step limits its gradients to a bound {@code c} ({@link TrainingOptions#clipValue()};
 * {@code c = +∞} turns clipping off whatever the rule).
 */
public enum ClipRule {
    /**
     * The assignment's {@code np.clip(g, −c, c)} on every entry of every gradient: entries beyond the
     * bound are cut to it, the others are kept, so a large gradient's direction can change.
     */
    ELEMENT_WISE,
    /**
     * All gradients scaled together by {@code min(1, c/‖g‖)}, {@code ‖g‖} the Frobenius norm of all of
     * them at once: the step keeps its direction and is at most {@code c} long. Not in the assignment.
     */
    GLOBAL_NORM;

    /** The lowercase name used on the command line, in tables and in model files: {@code "element_wise"}, {@code "global_norm"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rule whose {@link #id()} is {@code id}. */
    public static ClipRule fromId(String id) {
        for (ClipRule r : values()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("clip rule '" + id + "' is unknown; the rules are "
                + Arrays.stream(values()).map(ClipRule::id).toList());
    }
}
