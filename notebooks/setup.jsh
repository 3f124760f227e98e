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
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.cells.*;
import org.rnnworkbench.gradcheck.GradientCheck;
import org.rnnworkbench.plot.*;
import org.rnnworkbench.notebook.*;
import org.rnnworkbench.train.FastTrainer;

/** Sends a MIME bundle (type → value) to the notebook; returns its display id. */
String showBundle(Map<String, Object> bundle) {
    var dd = new org.dflib.jjava.jupyter.kernel.display.DisplayData();
    bundle.forEach(dd::putData);
    String id = UUID.randomUUID().toString();
    dd.setDisplayId(id);
    kernel().display(dd);
    return id;
}

/** Draws a figure: Plotly in JupyterLab (offline, no trust needed) and in HTML exports. */
void show(Figure figure) {
    showBundle(MimeBundle.of(figure));
}

/** Shows a Tablesaw table as an HTML table. */
void show(Table table) {
    showBundle(MimeBundle.of(table));
}

/** One updating output line for long runs: returns a sink that replaces the line in place. */
ProgressSink progressLine() {
    String id = display("starting…");
    return line -> updateDisplay(id, line);
}

/** "✔ label" when ok, "✘ label" otherwise: the comparison lines under each result. */
String mark(boolean ok, String label) {
    return (ok ? "✔ " : "✘ ") + label;
}

/** Python's print: the parts joined by one space, so a test cell prints what the original printed. */
void print(Object... parts) {
    System.out.println(Arrays.stream(parts).map(String::valueOf).collect(Collectors.joining(" ")));
}
