package org.rnnworkbench.cells;

import org.rnnworkbench.tensor.Tensor3;

/** What {@link Gru#gruForward} returns: {@code a (n_a, m, T_x)}, {@code yPred (n_y, m, T_x)} and the caches. */
public record GruForwardResult(Tensor3 a, Tensor3 yPred, GruCaches caches) {}
