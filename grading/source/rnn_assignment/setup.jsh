// RNN assignment — loaded by the first cell of each part (%load setup.jsh).
// Puts the RNN Workbench library on the class path, then imports what the parts use.
//
// The library is every jar in $RNN_WORKBENCH_LIB when that variable is set (`make grade` sets it:
// nbgrader runs the graded copies in other folders), else in the first target/notebook-lib/ found in
// this folder or one of its parents (a clone of the workbench after `make build`).
{
    String fromEnv = System.getenv("RNN_WORKBENCH_LIB");
    java.nio.file.Path lib = null;
    if (fromEnv != null && !fromEnv.isBlank()) {
        lib = java.nio.file.Path.of(fromEnv).toAbsolutePath();
    } else {
        for (var d = java.nio.file.Path.of("").toAbsolutePath(); d != null && lib == null; d = d.getParent()) {
            if (java.nio.file.Files.isDirectory(d.resolve("target/notebook-lib"))) {
                lib = d.resolve("target/notebook-lib");
            }
        }
    }
    if (lib == null || !java.nio.file.Files.isDirectory(lib)) {
        throw new IllegalStateException("RNN Workbench library not found: run `make build` in the workbench,"
                + " or set RNN_WORKBENCH_LIB to its target/notebook-lib folder (was: " + lib + ")");
    }
    try (var files = java.nio.file.Files.list(lib)) {
        kernel().addToClasspath(files.map(p -> p.toString()).filter(p -> p.endsWith(".jar")).sorted()
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
    }
}

import java.util.*;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnworkbench.tensor.*;
import org.rnnworkbench.cells.*;
import org.rnnworkbench.lm.*;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.gradcheck.GradientCheck;
import org.rnnworkbench.grading.Check;

/** Row i of m as an array: NumPy's m[i]. */
double[] row(DMatrixRMaj m, int i) {
    return CommonOps_DDRM.extractRow(m, i, null).data;
}

/** Index of the largest entry of m, counted in C order (the first one on ties): NumPy's np.argmax(m). */
int argmax(DMatrixRMaj m) {
    int best = 0;
    for (int i = 1; i < m.getNumElements(); i++) {
        if (m.data[i] > m.data[best]) {
            best = i;
        }
    }
    return best;
}
