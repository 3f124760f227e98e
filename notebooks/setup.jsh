// RNN Workbench — shared notebook setup, loaded by the first cell of every notebook:
//     %classpath ../target/notebook-lib/*.jar
//     %load setup.jsh
// It imports the library and defines the few display helpers. This is the only file that touches
// the kernel's own classes (JJava's DisplayData and kernel()), so another kernel needs changes here only.

import java.util.*;
import java.util.stream.*;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import tech.tablesaw.api.*;
import tech.tablesaw.plotly.components.Figure;
import org.rnnworkbench.Workbench;
import org.rnnworkbench.tensor.*;
import org.rnnworkbench.cells.*;

