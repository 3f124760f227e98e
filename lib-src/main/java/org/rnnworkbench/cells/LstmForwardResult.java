package org.rnnworkbench.cells;

import org.rnnworkbench.tensor.Tensor3;

/** What {@link Lstm#lstmForward} returns: {@code a (n_a, m, T_x)}, {@code y (n_y, m, T_x)}, {@code c (n_a, m, T_x)} and the caches. */
public record LstmForwardResult(Tensor3 a, Tensor3 y, Tensor3 c, LstmCaches caches) {}
