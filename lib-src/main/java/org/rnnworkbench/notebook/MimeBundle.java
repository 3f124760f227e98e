package org.rnnworkbench.notebook;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.gradcheck.GradientCheck;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.plot.Plots;
import org.rnnworkbench.tensor.Tensor3;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * What a notebook output holds for a figure or a table: MIME type → value, ready for the kernel's display
 * call (with JJava: put each entry into a {@code DisplayData} and pass it to {@code kernel().display}).
 *
 * <p>A figure gets three entries. JupyterLab's plotly extension draws {@value PlotlyJson#MIME_TYPE}
 * (a {@code Map}, so it is stored as a JSON object) offline and in untrusted notebooks, and prefers it to
 * the HTML; nbconvert's HTML export ignores that type and uses {@code text/html} ({@link PlotlyHtml});
 * plain-text front ends show the {@code text/plain} line.
 *
 * <p>These bundles are what a notebook shows for a value left as the last expression of a cell (the
 * kernel extension in {@code org.rnnworkbench.jupyter} registers them) and what {@code show(...)} sends.
 */
public final class MimeBundle {
    /** Plain text, shown where nothing richer renders. */
    public static final String TEXT = "text/plain";
    /** HTML, used by exports and by front ends without the plotly renderer. */
    public static final String HTML = "text/html";
    /** Plotly's figure JSON, drawn by JupyterLab's plotly extension. */
    public static final String PLOTLY = PlotlyJson.MIME_TYPE;

    private MimeBundle() {}

    /** {plotly JSON map, HTML fragment, "Figure: title"} for a tablesaw figure. */
    public static Map<String, Object> of(Figure figure) {
        return ofPlotly(PlotlyJson.toMap(figure));
    }

    /** The same bundle for a plotly figure map ({data, layout}). */
    public static Map<String, Object> ofPlotly(Map<String, ?> figure) {
        Map<String, Object> map = PlotlyJson.normalize(figure);
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put(PLOTLY, map);
        bundle.put(HTML, PlotlyHtml.render(map));
        String title = PlotlyJson.title(map);
        bundle.put(TEXT, title == null ? "Figure" : "Figure: " + title);
        return bundle;
    }

    /** {HTML table, Tablesaw's text rendering} for a table. */
    public static Map<String, Object> of(Table table) {
        if (table == null) {
            throw new IllegalArgumentException("table is null");
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put(HTML, TableHtml.render(table));
        bundle.put(TEXT, table.print(TableHtml.DEFAULT_MAX_ROWS));
        return bundle;
    }

    /** {@code shape (2, 3)} and the matrix as NumPy prints it (summarised beyond 1,000 entries). */
    public static Map<String, Object> of(DMatrixRMaj m) {
        if (m == null) {
            throw new IllegalArgumentException("m is null");
        }
        return text("shape " + NumpyFormat.shape(m) + "\n" + NumpyFormat.array(m));
    }

    /** {@code shape (3, 10, 4)} and the tensor as NumPy prints a 3-D array (summarised beyond 1,000 entries). */
    public static Map<String, Object> of(Tensor3 x) {
        if (x == null) {
            throw new IllegalArgumentException("x is null");
        }
        return text("shape " + NumpyFormat.shape(x) + "\n" + NumpyFormat.array(x));
    }

    /** A gradient check as its table (parameter, shape, errors, passed), with the verdict in the text form. */
    public static Map<String, Object> of(GradientCheck.Result check) {
        if (check == null) {
            throw new IllegalArgumentException("check is null");
        }
        Map<String, Object> bundle = of(check.toTable());
        String verdict = check.passed() ? "all gradients pass" : "some gradients FAIL";
        bundle.put(TEXT, verdict + "\n" + bundle.get(TEXT));
        return bundle;
    }

    /**
     * A training run on one screen: the loss curve with the run's numbers and last samples beside it
     * (a plotly figure and its HTML), and the same numbers as text. A run without iterations is text only.
     */
    public static Map<String, Object> of(TrainingResult result) {
        if (result == null) {
            throw new IllegalArgumentException("result is null");
        }
        String summary = "TrainingResult: " + String.join("; ", Plots.summaryLines(result));
        if (result.history().size() == 0) {
            return text(summary);
        }
        Map<String, Object> bundle = of(Plots.trainingSummary(result));
        bundle.put(TEXT, summary);
        return bundle;
    }

    /**
     * The bundle for any value this class knows (figure, table, matrix, tensor, gradient check, training
     * run), or null for any other value.
     */
    public static Map<String, Object> forValue(Object value) {
        if (value instanceof Figure f) {
            return of(f);
        }
        if (value instanceof Table t) {
            return of(t);
        }
        if (value instanceof DMatrixRMaj m) {
            return of(m);
        }
        if (value instanceof Tensor3 x) {
            return of(x);
        }
        if (value instanceof GradientCheck.Result r) {
            return of(r);
        }
        if (value instanceof TrainingResult r) {
            return of(r);
        }
        return null;
    }

    private static Map<String, Object> text(String text) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put(TEXT, text);
        return bundle;
    }
}
