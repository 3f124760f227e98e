// RNN assignment — loaded by the first cell of each part (%load setup.jsh).
// Puts the RNN Workbench library on the class path, imports what the solutions use, and loads the
// expected values of the visible tests when they are beside the notebook (visible_expected.json).
//
// The library is every jar in $RNN_WORKBENCH_LIB when that variable is set (`make grade` sets it:
// nbgrader runs the graded copies in other folders), else in the first of lib/ (the student
// edition), target/student-lib/ or target/notebook-lib/ (a clone of the workbench after `make build`)
// found in this folder or one of its parents.
{
    java.lang.String fromEnv = java.lang.System.getenv("RNN_WORKBENCH_LIB");
    java.nio.file.Path lib = null;
    if (fromEnv != null && !fromEnv.isBlank()) {
        lib = java.nio.file.Path.of(fromEnv).toAbsolutePath();
    } else {
        for (var d = java.nio.file.Path.of("").toAbsolutePath(); d != null && lib == null; d = d.getParent()) {
            for (var candidate : new java.lang.String[] {"lib", "target/student-lib", "target/notebook-lib"}) {
                if (lib == null && java.nio.file.Files.isDirectory(d.resolve(candidate))
                        && d.resolve(candidate).toFile().list((dir, name) -> name.startsWith("rnn-workbench")
                                && name.endsWith(".jar")).length > 0) {
                    lib = d.resolve(candidate);
                }
            }
        }
    }
    if (lib == null || !java.nio.file.Files.isDirectory(lib)) {
        throw new java.lang.IllegalStateException("RNN Workbench library not found: put the assignment folder beside"
                + " its lib/ folder, or set RNN_WORKBENCH_LIB to the library folder (was: " + lib + ")");
    }
    try (var files = java.nio.file.Files.list(lib)) {
        kernel().addToClasspath(files.map(p -> p.toString()).filter(p -> p.endsWith(".jar")).sorted()
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
    }
}
{
    var expected = java.nio.file.Path.of("visible_expected.json");
    if (java.nio.file.Files.isRegularFile(expected)) {
        org.rnnworkbench.grading.Answer.loadExpected(expected);
    }
}

import java.util.*;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.tensor.*;
import org.rnnworkbench.cells.*;
import org.rnnworkbench.lm.*;
import org.rnnworkbench.random.NumpyRandom;
