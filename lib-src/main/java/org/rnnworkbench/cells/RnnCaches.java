package org.rnnworkbench.cells;

import java.util.List;
import org.rnnworkbench.tensor.Tensor3;

/**
 * The caches of a sequence forward pass: the assignment's {@code (caches, x)}. {@link #list()} is
 * {@code caches[0]} (one {@link RnnCache} per time step) and {@link #x()} is {@code caches[1]}.
 */
public record RnnCaches(List<RnnCache> list, Tensor3 x) {

    public RnnCaches {
        list = List.copyOf(list);
    }

    /** Number of cached time steps. */
    public int size() {
        return list.size();
    }

    /** The cache of time step t. */
    public RnnCache get(int t) {
        return list.get(t);
    }
}
