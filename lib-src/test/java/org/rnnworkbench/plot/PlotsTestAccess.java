package org.rnnworkbench.plot;

import tech.tablesaw.api.Table;

/** The test history of {@code PlotsTest}, for tests in other packages. */
public final class PlotsTestAccess {
    private PlotsTestAccess() {}

    /** 50 iterations with norms before and after clipping. */
    public static Table history() {
        return PlotsTest.history(50, true);
    }
}
