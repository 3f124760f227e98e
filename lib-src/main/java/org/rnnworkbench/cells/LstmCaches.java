package org.rnnworkbench.cells;

import java.util.List;
import org.rnnworkbench.tensor.Tensor3;

/**
 * The caches of {@link Lstm#lstmForward}: the assignment's {@code (caches, x)}. {@link #list()} is
 * {@code caches[0]} (one {@link LstmCache} per time step) and {@link #x()} is {@code caches[1]}.
 */
public record LstmCaches(List<LstmCache> list, Tensor3 x) {

    public LstmCaches {
        list = List.copyOf(list);
    }

    /** Number of cached time steps. */
    public int size() {
        return list.size();
    }

    /** The cache of time step t. */
    public LstmCache get(int t) {
        return list.get(t);
    }
}
