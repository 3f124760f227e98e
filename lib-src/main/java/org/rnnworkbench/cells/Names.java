package org.rnnworkbench.cells;

import java.util.List;

/** The error raised by the {@code get(name)} lookups of parameter and gradient records. */
final class Names {
    private Names() {}

    static IllegalArgumentException unknown(String what, String name, List<String> names) {
        return new IllegalArgumentException("no " + what + " called '" + name + "'; the names are " + names);
    }

    static IllegalArgumentException tensor(String name, String accessor) {
        return new IllegalArgumentException("'" + name + "' is an (n, m, T) tensor, not a matrix; use " + accessor);
    }
}
