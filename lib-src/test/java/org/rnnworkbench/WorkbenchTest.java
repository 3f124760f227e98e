package org.rnnworkbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkbenchTest {
    @Test
    void versionComesFromTheBuild() {
        assertTrue(Workbench.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), Workbench.version());
    }

    @Test
    void describeNamesVersionAndJava() {
        String d = Workbench.describe();
        assertTrue(d.startsWith("RNN Workbench " + Workbench.version()), d);
        assertTrue(d.contains("Java " + Runtime.version().feature()), d);
        assertEquals(Workbench.describe(), d);
    }
}
