package org.rnnworkbench.plot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Shapes;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.TickSettings;

/**
 * One-line figures and tables for the notebooks: training histories (loss, gradient norms, samples),
 * gradients through time, activations, and generic lines and bars. Every figure has a title and axis
 * titles with units. Long histories are thinned with {@link Decimate} so notebooks stay small.
 */
public final class Plots {
    /**
     * Most points drawn for a noisy curve of a training history (about one bucket's low and high point
     * per pixel of an 800 px figure); smooth curves and the ten gradient-norm curves get half as many.
     */
    public static final int MAX_POINTS = 1000;

    /** The parameter gradients whose norms a history records, in the assignment's order. */
    public static final List<String> GRADIENTS = List.of("dWaa", "dWax", "dWya", "db", "dby");

    // plotly's first five default colours, fixed so a gradient's curves before and after clipping match.
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"};
    private static final String LOSS_Y = "loss per example (nats)";

    private Plots() {}

    /**
     * Training loss of one run. {@code history}: columns {@code iteration}, {@code loss} (this iteration's
     * loss, a thin pale line) and {@code smoothed_loss} (bold).
     */
    public static Figure lossCurve(Table history) {
        double[] it = column("history", history, "iteration");
        double[] loss = column("history", history, "loss");
        double[] smooth = column("history", history, "smoothed_loss");
        double[][] raw = Decimate.minMax(it, loss, MAX_POINTS);
        double[][] smoothed = Decimate.evenly(it, smooth, MAX_POINTS / 2);
        return LineChart.titled("Training loss")
                .xTitle("iteration")
                .yTitle(LOSS_Y)
                .series("loss", raw[0], raw[1], Stroke.THIN.withColor("rgba(31,119,180,0.35)"))
                .series("smoothed loss", smoothed[0], smoothed[1], Stroke.BOLD.withColor("#1f4e99"))
                .figure();
    }

    /** Smoothed training loss of several runs on one figure, one legend entry per run (map order). */
    public static Figure lossCurves(Map<String, Table> runs) {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("runs must name at least one history table");
        }
        LineChart chart = LineChart.titled("Smoothed training loss").xTitle("iteration").yTitle(LOSS_Y);
        for (Map.Entry<String, Table> run : runs.entrySet()) {
            String what = "history of run '" + run.getKey() + "'";
            double[][] s = Decimate.evenly(column(what, run.getValue(), "iteration"),
                    column(what, run.getValue(), "smoothed_loss"), MAX_POINTS / 2);
            chart = chart.series(run.getKey(), s[0], s[1], Stroke.SOLID.withWidth(2.5));
        }
        return chart.figure();
    }

    /**
     * Gradient norms during training as small multiples: one panel per parameter gradient
     * ({@code norm_dWaa … norm_dby}, log scale, shared iteration axis), each with the raw norm of every
     * iteration faint, its geometric moving average over 1% of the run bold, and, where the table has
     * {@code clipped_norm_…}, the raw norm after clipping drawn over it (the tips clipping cut off show
     * above it); the panel's heading says in how
     * many iterations clipping changed that gradient. With a {@code clipped_fraction} column a sixth panel
     * shows the share of gradient entries clipped. Each y range spans the 0.5th percentile to the maximum
     * of that panel's values, so one near-zero outlier does not flatten the rest; the legend sits above
     * the panels.
     */
    public static Figure gradientNorms(Table history) {
        double[] it = column("history", history, "iteration");
        int n = it.length;
        boolean hasClipped = history.containsColumn("clipped_norm_" + GRADIENTS.get(0));
        boolean hasFraction = history.containsColumn("clipped_fraction");
        int panels = GRADIENTS.size() + (hasFraction ? 1 : 0);
        int columns = 2;
        int rows = (panels + columns - 1) / columns;
        int window = Smooth.window(n, 0.01);
        String smoothName = String.format(java.util.Locale.US, "moving geometric mean over %,d iterations", window);
        double gap = 0.1;
        double panelHeight = (1 - gap * (rows - 1)) / rows;
        double columnGap = 0.1;
        double panelWidth = (1 - columnGap) / columns;

        List<tech.tablesaw.plotly.traces.Trace> traces = new java.util.ArrayList<>();
        Map<String, Object> extras = new LinkedHashMap<>();
        List<Map<String, Object>> annotations = new java.util.ArrayList<>();
        for (int p = 0; p < panels; p++) {
            int row = p / columns;
            int col = p % columns;
            String xName = col == 0 ? "x" : "x" + (col + 1);
            String yName = p == 0 ? "y" : "y" + (p + 1);
            double top = 1 - row * (panelHeight + gap);
            double left = col * (panelWidth + columnGap);
            boolean fractionPanel = p == GRADIENTS.size();
            String heading;
            double[] lowHigh;
            if (!fractionPanel) {
                String name = GRADIENTS.get(p);
                double[] raw = column("history", history, "norm_" + name);
                // A panel is under half the figure's width: a third of MAX_POINTS still gives a low and a
                // high point per pixel column.
                double[][] r = Decimate.minMax(it, raw, MAX_POINTS / 3);
                traces.add(panelTrace("raw norm, before clipping", r, xName, yName,
                        Stroke.THIN.withColor("rgba(31,119,180,0.55)"), p == 0));
                double[] all = raw;
                heading = "<b>" + name + "</b>";
                if (hasClipped) {
                    // Drawn over the raw norms: where clipping cut a gradient, the blue tips show above it.
                    double[] cut = column("history", history, "clipped_norm_" + name);
                    double[][] c = Decimate.minMax(it, cut, MAX_POINTS / 3);
                    traces.add(panelTrace("raw norm, after clipping", c, xName, yName,
                            Stroke.THIN.withColor("rgba(255,127,14,0.45)"), p == 0));
                    int changed = 0;
                    for (int i = 0; i < n; i++) {
                        if (cut[i] < raw[i]) {
                            changed++;
                        }
                    }
                    heading += String.format(java.util.Locale.US, " · clipping changed it in %s of iterations",
                            percent(changed, n));
                    all = concat(raw, cut);
                }
                double[][] sm = Decimate.evenly(it, Smooth.geometricMovingAverage(raw, window), MAX_POINTS / 4);
                traces.add(panelTrace(smoothName + " (before clipping)", sm, xName, yName,
                        Stroke.BOLD.withWidth(2.5).withColor("#1f3b73"), p == 0));
                lowHigh = logRange(all);
            } else {
                double[] frac = column("history", history, "clipped_fraction");
                double[] pct = new double[n];
                for (int i = 0; i < n; i++) {
                    pct[i] = 100 * frac[i];
                }
                double[][] sm = Decimate.evenly(it, Smooth.movingAverage(pct, window), MAX_POINTS / 4);
                traces.add(panelTrace("share of entries clipped (moving mean)", sm, xName, yName,
                        Stroke.SOLID.withColor("#d95f02"), true));
                heading = "<b>entries clipped</b> (% of all gradient entries, moving mean)";
                lowHigh = null;
            }
            Map<String, Object> yAxis = new LinkedHashMap<>();
            yAxis.put("domain", List.of(Math.max(0, top - panelHeight), top));
            yAxis.put("anchor", xName);
            yAxis.put("title", Map.of("text", fractionPanel ? "% clipped" : "norm"));
            if (lowHigh != null) {
                yAxis.put("type", "log");
                yAxis.put("exponentformat", "power");
                yAxis.put("range", List.of(lowHigh[0], lowHigh[1]));
                if (lowHigh[1] - lowHigh[0] > 1.5) {
                    // Decades only: plotly's 2-and-5 minor labels crowd a short panel.
                    yAxis.put("dtick", 1);
                }
            } else {
                yAxis.put("rangemode", "tozero");
            }
            extras.put(p == 0 ? "yaxis" : "yaxis" + (p + 1), yAxis);
            Map<String, Object> note = new LinkedHashMap<>();
            note.put("text", heading);
            note.put("xref", "paper");
            note.put("yref", "paper");
            note.put("x", left);
            note.put("y", top);
            note.put("xanchor", "left");
            note.put("yanchor", "bottom");
            note.put("showarrow", false);
            note.put("font", Map.of("size", 12));
            annotations.add(note);
        }
        for (int col = 0; col < columns; col++) {
            // Each column's x axis sits under its lowest panel; the panels above share it.
            int bottom = col + columns * ((panels - 1 - col) / columns);
            Map<String, Object> xAxis = new LinkedHashMap<>();
            xAxis.put("domain", List.of(col * (panelWidth + columnGap), col * (panelWidth + columnGap) + panelWidth));
            xAxis.put("anchor", bottom == 0 ? "y" : "y" + (bottom + 1));
            xAxis.put("title", Map.of("text", "iteration"));
            extras.put(col == 0 ? "xaxis" : "xaxis" + (col + 1), xAxis);
        }
        extras.put("annotations", annotations);
        int height = 220 * rows + 170;
        String title = "Gradient norms per parameter" + (hasClipped ? ", before and after clipping" : "");
        // Title, then the legend, then the panels, each in its own band at the top: nothing covers data.
        extras.put("title", Map.of("text", title, "x", 0.01, "xanchor", "left", "yref", "container", "y", 1 - 12.0 / height,
                "yanchor", "top"));
        extras.put("legend", Map.of("orientation", "h", "x", 0, "xanchor", "left", "yref", "container",
                "y", 1 - 42.0 / height, "yanchor", "top", "font", Map.of("size", 11)));
        extras.put("margin", Map.of("t", 120, "l", 70, "r", 20, "b", 60));
        Layout layout = Layout.builder(title)
                .showLegend(true)
                .width(LineChart.WIDTH)
                .height(height)
                .build();
        return new PanelFigure(layout, extras, traces.toArray(new tech.tablesaw.plotly.traces.Trace[0]));
    }

    /**
     * A one-screen summary of a training run: the loss curve (raw faint, smoothed bold) on the left and,
     * beside it, the run's numbers (iterations, final smoothed loss, cell and sizes) and the names sampled
     * at the last checkpoint. The run's history must hold at least one iteration.
     */
    public static Figure trainingSummary(org.rnnworkbench.lm.TrainingResult result) {
        if (result == null) {
            throw new IllegalArgumentException("result is null");
        }
        org.rnnworkbench.lm.TrainingHistory h = result.history();
        if (h.size() == 0) {
            throw new IllegalArgumentException("the run recorded no iterations: there is no loss curve to draw");
        }
        double[] it = new double[h.size()];
        for (int i = 0; i < it.length; i++) {
            it[i] = h.iteration(i);
        }
        double[][] raw = Decimate.minMax(it, h.losses(), MAX_POINTS / 2);
        double[][] smooth = Decimate.evenly(it, h.smoothedLosses(), MAX_POINTS / 4);
        List<tech.tablesaw.plotly.traces.Trace> traces = List.of(
                panelTrace("loss of each iteration", raw, "x", "y", Stroke.THIN.withColor("rgba(31,119,180,0.35)"), true),
                panelTrace("smoothed loss", smooth, "x", "y", Stroke.BOLD.withColor("#1f4e99"), true));
        StringBuilder text = new StringBuilder();
        for (String line : summaryLines(result)) {
            text.append(escape(line)).append("<br>");
        }
        List<org.rnnworkbench.lm.TrainingHistory.Checkpoint> checkpoints = h.checkpoints();
        if (!checkpoints.isEmpty()) {
            org.rnnworkbench.lm.TrainingHistory.Checkpoint last = checkpoints.get(checkpoints.size() - 1);
            text.append("<br><b>").append(String.format(java.util.Locale.US, "sampled at iteration %,d", last.iteration()))
                    .append("</b><br>");
            for (String sample : last.samples().subList(0, Math.min(8, last.samples().size()))) {
                String name = sample.strip();
                text.append(escape(name.length() > 24 ? name.substring(0, 23) + "…" : name)).append("<br>");
            }
        }
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("text", text.toString());
        note.put("xref", "paper");
        note.put("yref", "paper");
        note.put("x", 0.7);
        note.put("y", 1);
        note.put("xanchor", "left");
        note.put("yanchor", "top");
        note.put("align", "left");
        note.put("showarrow", false);
        note.put("font", Map.of("size", 12));
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("xaxis", Map.of("domain", List.of(0, 0.64), "title", Map.of("text", "iteration")));
        extras.put("yaxis", Map.of("title", Map.of("text", LOSS_Y)));
        extras.put("annotations", List.of(note));
        extras.put("legend", Map.of("orientation", "h", "x", 0, "y", 1.0, "yanchor", "bottom"));
        extras.put("margin", Map.of("t", 90, "r", 20));
        Layout layout = Layout.builder("Training run: " + String.format(java.util.Locale.US, "%,d iterations, final smoothed loss %.3f",
                        result.iterations(), result.loss()))
                .showLegend(true)
                .width(LineChart.WIDTH)
                .height(420)
                .build();
        return new PanelFigure(layout, extras, traces.toArray(new tech.tablesaw.plotly.traces.Trace[0]));
    }

    /** The numbers of a run, one per line: iterations, final loss, cell and sizes, samples recorded. */
    public static List<String> summaryLines(org.rnnworkbench.lm.TrainingResult result) {
        org.rnnworkbench.cells.CellParameters p = result.cellParameters();
        org.rnnworkbench.lm.TrainingHistory h = result.history();
        List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format(java.util.Locale.US, "%,d iterations (%,d in this run)", result.iterations(), h.size()));
        lines.add(h.size() > 0
                ? String.format(java.util.Locale.US, "smoothed loss %.3f → %.3f", h.smoothedLoss(0), result.loss())
                : String.format(java.util.Locale.US, "smoothed loss %.3f", result.loss()));
        lines.add(String.format(java.util.Locale.US, "%s, %d hidden units, %d characters",
                result.state().cell().name().toLowerCase(java.util.Locale.ROOT), p.nA(), result.vocabulary().size()));
        int k = h.checkpoints().size();
        lines.add(String.format(java.util.Locale.US, "%,d checkpoint%s with samples", k, k == 1 ? "" : "s"));
        return lines;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static PlotlyTrace panelTrace(String name, double[][] xy, String xAxis, String yAxis, Stroke stroke,
            boolean inLegend) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("width", stroke.width());
        line.put("color", stroke.color());
        line.put("dash", stroke.dash() == tech.tablesaw.plotly.components.Line.Dash.DASH ? "dash" : "solid");
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("type", "scatter");
        t.put("mode", "lines");
        t.put("name", name);
        t.put("legendgroup", name);
        t.put("showlegend", inLegend);
        t.put("x", xy[0]);
        t.put("y", xy[1]);
        t.put("xaxis", xAxis);
        t.put("yaxis", yAxis);
        t.put("line", line);
        return PlotlyTrace.of(t);
    }

    /** "3.1%", "0.02%", "0%": enough digits to tell a rare event from none. */
    private static String percent(int count, int total) {
        if (count == 0 || total == 0) {
            return "0%";
        }
        double p = 100.0 * count / total;
        return (p >= 1 ? String.format(java.util.Locale.US, "%.1f", p)
                : new java.math.BigDecimal(p).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString()) + "%";
    }

    /** [log10 low, log10 high] for a log axis: the 0.5th percentile of the positive values to the maximum, padded. */
    private static double[] logRange(double[] values) {
        double[] positive = java.util.Arrays.stream(values).filter(v -> v > 0 && Double.isFinite(v)).sorted().toArray();
        if (positive.length == 0) {
            return new double[] {-1, 1};
        }
        double low = Math.log10(positive[(int) Math.floor(0.005 * (positive.length - 1))]);
        double high = Math.log10(positive[positive.length - 1]);
        double pad = Math.max(0.05 * (high - low), 0.05);
        return new double[] {low - pad, high + pad};
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** ‖∂L/∂a⟨t⟩‖ against the time step t = 1, 2, … for each curve, on a log scale, all solid. */
    public static Figure gradientNormOverTime(String title, Map<String, double[]> curves) {
        return gradientNormOverTime(title, curves, Map.of());
    }

    /**
     * ‖∂L/∂a⟨t⟩‖ against t = 1, 2, … on a log scale; {@code strokes} gives some curves their own stroke,
     * e.g. {@code Map.of("bound", Stroke.DASHED)} for a theoretical bound.
     */
    public static Figure gradientNormOverTime(String title, Map<String, double[]> curves, Map<String, Stroke> strokes) {
        if (curves == null || curves.isEmpty()) {
            throw new IllegalArgumentException("curves must hold at least one curve");
        }
        if (strokes == null) {
            throw new IllegalArgumentException("strokes is null (pass Map.of() for the default)");
        }
        for (String name : strokes.keySet()) {
            if (!curves.containsKey(name)) {
                throw new IllegalArgumentException("strokes names '" + name + "' but curves has only "
                        + curves.keySet());
            }
        }
        LineChart chart = LineChart.titled(Charts.text("title", title))
                .xTitle("time step t")
                .yTitle("‖∂L/∂a⟨t⟩‖ (Euclidean norm)")
                .logY();
        for (Map.Entry<String, double[]> curve : curves.entrySet()) {
            double[] y = curve.getValue();
            if (y == null) {
                throw new IllegalArgumentException("curve '" + curve.getKey() + "' is null");
            }
            double[] t = new double[y.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = i + 1;
            }
            Stroke stroke = strokes.getOrDefault(curve.getKey(), Stroke.SOLID.withMarkers());
            chart = chart.series(curve.getKey(), t, y, stroke);
        }
        return chart.figure();
    }

    /** {@link #activationHeatmap(String, DMatrixRMaj, String[])} titled "Hidden state a⟨t⟩ per unit". */
    public static Figure activationHeatmap(DMatrixRMaj a, String[] xLabels) {
        return activationHeatmap("Hidden state a⟨t⟩ per unit", a, xLabels);
    }

    /**
     * Heatmap of {@code a} (n_a, T): hidden unit down, time step across, labelled with {@code xLabels}
     * (one per column, e.g. the input characters; null for 0, 1, …). The colour scale is centred on 0
     * (grey), blue for negative and red for positive values, and spans [−1, 1] (tanh's range)
     * unless a value lies outside it.
     */
    public static Figure activationHeatmap(String title, DMatrixRMaj a, String[] xLabels) {
        Charts.text("title", title);
        Shapes.notNull("a", a);
        int nA = a.numRows;
        int steps = a.numCols;
        if (xLabels != null && xLabels.length != steps) {
            throw new IllegalArgumentException("xLabels has " + xLabels.length + " labels but a is " + Shapes.of(a)
                    + "; give one label per column (time step)");
        }
        double bound = 1;
        double[][] z = new double[nA][steps];
        for (int i = 0; i < nA; i++) {
            for (int t = 0; t < steps; t++) {
                z[i][t] = a.get(i, t);
                if (Double.isFinite(z[i][t])) {
                    bound = Math.max(bound, Math.abs(z[i][t]));
                }
            }
        }
        double[] tickValues = new double[steps];
        String[] tickText = new String[steps];
        int[] x = new int[steps];
        for (int t = 0; t < steps; t++) {
            x[t] = t;
            tickValues[t] = t;
            tickText[t] = xLabels == null ? Integer.toString(t) : visible(xLabels[t]);
        }
        int[] y = new int[nA];
        for (int i = 0; i < nA; i++) {
            y[i] = i;
        }
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("type", "heatmap");
        trace.put("name", "a");
        trace.put("x", x);
        trace.put("y", y);
        trace.put("z", z);
        trace.put("zmin", -bound);
        trace.put("zmax", bound);
        trace.put("colorscale", "RdBu");
        trace.put("colorbar", Map.of("title", Map.of("text", "a⟨t⟩")));
        trace.put("hovertemplate", "t = %{x}<br>unit %{y}<br>a = %{z:.3f}<extra></extra>");
        Axis xAxis = Axis.builder()
                .title(xLabels == null ? "time step t" : "time step t (input character)")
                .tickSettings(TickSettings.builder().tickMode(TickSettings.TickMode.ARRAY)
                        .arrayTicks(tickValues, tickText).build())
                .build();
        Axis yAxis = Axis.builder().title("hidden unit").autoRange(Axis.AutoRange.REVERSED).build();
        Layout layout = Layout.builder(title)
                .xAxis(xAxis)
                .yAxis(yAxis)
                .width(LineChart.WIDTH)
                .height(Math.max(LineChart.HEIGHT, Math.min(1200, 120 + 12 * nA)))
                .build();
        return new Figure(layout, PlotlyTrace.of(trace));
    }

    /**
     * The samples printed during training as one row per checkpoint: {@code samples} has columns
     * {@code iteration}, {@code sample_index}, {@code sample}; the result has {@code iteration} and one
     * column {@code sample k} per sample index (ascending), rows in order of first appearance.
     */
    public static Table samplesTable(Table samples) {
        double[] iteration = column("samples", samples, "iteration");
        double[] index = column("samples", samples, "sample_index");
        if (!samples.containsColumn("sample") || !(samples.column("sample") instanceof StringColumn)) {
            throw new IllegalArgumentException("samples must have a text column 'sample'; its columns are "
                    + samples.columnNames());
        }
        StringColumn sample = samples.stringColumn("sample");
        Column<?> iterationColumn = samples.column("iteration");

        Map<Double, Integer> rowOf = new LinkedHashMap<>();
        TreeMap<Integer, Integer> columnOf = new TreeMap<>();
        for (int r = 0; r < samples.rowCount(); r++) {
            if (Double.isNaN(iteration[r]) || Double.isNaN(index[r]) || index[r] != Math.rint(index[r])) {
                throw new IllegalArgumentException("samples row " + r + " has iteration " + iteration[r]
                        + " and sample_index " + index[r] + "; both must be whole numbers");
            }
            rowOf.putIfAbsent(iteration[r], rowOf.size());
            columnOf.putIfAbsent((int) index[r], 0);
        }
        int k = 0;
        for (Map.Entry<Integer, Integer> e : columnOf.entrySet()) {
            e.setValue(k++);
        }
        String[][] cells = new String[rowOf.size()][columnOf.size()];
        Column<?> outIteration = iterationColumn.emptyCopy();
        for (int r = 0; r < samples.rowCount(); r++) {
            int row = rowOf.get(iteration[r]);
            int col = columnOf.get((int) index[r]);
            if (cells[row][col] != null) {
                throw new IllegalArgumentException("samples has two rows for iteration "
                        + iterationColumn.getString(r) + " and sample_index " + (int) index[r]);
            }
            cells[row][col] = sample.get(r);
            if (outIteration.size() == row) {
                appendRow(outIteration, iterationColumn, r);
            }
        }
        Table out = Table.create("samples", outIteration);
        for (Map.Entry<Integer, Integer> e : columnOf.entrySet()) {
            StringColumn c = StringColumn.create("sample " + e.getKey());
            for (String[] row : cells) {
                String s = row[e.getValue()];
                c.append(s == null ? "" : s);
            }
            out.addColumns(c);
        }
        return out;
    }

    /**
     * Lines from {@code series}: name → {x, y} (two arrays of equal length), in map order, with a
     * logarithmic y axis when {@code logY}.
     */
    public static Figure line(String title, String xTitle, String yTitle, boolean logY, Map<String, double[][]> series) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("series must hold at least one {x, y} pair");
        }
        LineChart chart = LineChart.titled(title).xTitle(xTitle).yTitle(yTitle);
        if (logY) {
            chart = chart.logY();
        }
        for (Map.Entry<String, double[][]> s : series.entrySet()) {
            double[][] xy = s.getValue();
            if (xy == null || xy.length != 2) {
                throw new IllegalArgumentException("series '" + s.getKey() + "' must be {x, y} but has "
                        + (xy == null ? "null" : xy.length + " arrays"));
            }
            chart = chart.series(s.getKey(), xy[0], xy[1]);
        }
        return chart.figure();
    }

    /** One bar per category. */
    public static Figure bar(String title, String xTitle, String yTitle, String[] categories, double[] values) {
        return BarChart.titled(title).xTitle(xTitle).yTitle(yTitle).bars(yTitle, categories, values).figure();
    }

    /** Grouped bars: for each category, one bar per group (name → values, one per category), with a legend. */
    public static Figure bar(String title, String xTitle, String yTitle, String[] categories,
            Map<String, double[]> groups) {
        if (groups == null || groups.isEmpty()) {
            throw new IllegalArgumentException("groups must hold at least one group of values");
        }
        BarChart chart = BarChart.titled(title).xTitle(xTitle).yTitle(yTitle);
        for (Map.Entry<String, double[]> g : groups.entrySet()) {
            chart = chart.bars(g.getKey(), categories, g.getValue());
        }
        return chart.figure();
    }

    /** The numeric column {@code name} of {@code table} as doubles; missing cells are NaN. */
    static double[] column(String what, Table table, String name) {
        if (table == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (!table.containsColumn(name)) {
            throw new IllegalArgumentException(what + " has no column '" + name + "'; its columns are "
                    + table.columnNames());
        }
        Column<?> c = table.column(name);
        if (!(c instanceof NumericColumn)) {
            throw new IllegalArgumentException(what + " column '" + name + "' holds " + c.type().name()
                    + " but must be numeric");
        }
        NumericColumn<?> n = (NumericColumn<?>) c;
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.isMissing(i) ? Double.NaN : n.getDouble(i);
        }
        return out;
    }

    /** A label as it can be read on an axis: newline as ⏎, a space as ␣, a tab as ⇥. */
    static String visible(String label) {
        if (label == null) {
            return "";
        }
        switch (label) {
            case "\n": return "⏎";
            case " ": return "␣";
            case "\t": return "⇥";
            default: return label.replace("\n", "⏎");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void appendRow(Column<T> out, Column<?> in, int row) {
        out.append((Column<T>) in, row);
    }
}
