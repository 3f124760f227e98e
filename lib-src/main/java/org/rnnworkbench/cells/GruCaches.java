package org.rnnworkbench.cells;

import java.util.List;
import org.rnnworkbench.tensor.Tensor3;

/**
 * The caches of {@link Gru#gruForward}, shaped like the assignment's {@code (caches, x)}: {@link #list()}
 * holds one {@link GruCache} per time step and {@link #x()} is the input.
 */
public record GruCaches(List<GruCache> list, Tensor3 x) {

    public GruCaches {
        list = List.copyOf(list);
    }

    /** Number of cached time steps. */
    public int size() {
        return list.size();
    }

    /** The cache of time step t. */
    public GruCache get(int t) {
        return list.get(t);
    }
}
