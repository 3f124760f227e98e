// RNN Workbench — shared notebook setup, loaded by the first cell of every notebook:
//     %classpath ../target/notebook-lib/*.jar
//     %load setup.jsh
// It imports the library, EJML and Tablesaw. The display helpers (show, progressLine, mark, print) come
// from the library's jar (org.rnnworkbench.jupyter.Notebook), whose kernel extension also makes figures,
// tables, matrices, tensors, gradient checks and training runs display themselves as a cell's last value.

import java.util.*;
import java.util.stream.*;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import tech.tablesaw.api.*;
import tech.tablesaw.plotly.components.Figure;
import org.rnnworkbench.Workbench;
import org.rnnworkbench.tensor.*;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.cells.*;
import org.rnnworkbench.gradcheck.GradientCheck;
import org.rnnworkbench.plot.*;
import org.rnnworkbench.notebook.*;
import org.rnnworkbench.train.FastTrainer;
import static org.rnnworkbench.jupyter.Notebook.*;
