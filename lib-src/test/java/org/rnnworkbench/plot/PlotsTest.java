package org.rnnworkbench.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.notebook.PlotlyJson;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

class PlotsTest {
    /** A history like the training loop records: n iterations, noisy loss, its smoothed version, gradient norms. */
    static Table history(int n, boolean clipped) {
        int[] it = new int[n];
        double[] loss = new double[n];
        double[] smooth = new double[n];
        double s = 23.0;
        for (int i = 0; i < n; i++) {
            it[i] = i;
            loss[i] = 20 + 5 * Math.sin(i * 0.7) + 10.0 / (1 + i);
            s = 0.999 * s + 0.001 * loss[i];
            smooth[i] = s;
        }
        Table t = Table.create("history", IntColumn.create("iteration", it), DoubleColumn.create("loss", loss),
                DoubleColumn.create("smoothed_loss", smooth));
        for (int g = 0; g < Plots.GRADIENTS.size(); g++) {
            double[] norm = new double[n];
            double[] cut = new double[n];
            for (int i = 0; i < n; i++) {
                norm[i] = (g + 1) * Math.exp(-i / 50.0) * 10;
                cut[i] = Math.min(norm[i], 5);
            }
            t.addColumns(DoubleColumn.create("norm_" + Plots.GRADIENTS.get(g), norm));
            if (clipped) {
                t.addColumns(DoubleColumn.create("clipped_norm_" + Plots.GRADIENTS.get(g), cut));
            }
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> traces(Map<String, Object> fig) {
        return (List<Map<String, Object>>) fig.get("data");
    }

    static String title(Map<String, Object> fig, String axis) {
        return (String) map(map(map(fig.get("layout")).get(axis)).get("title")).get("text");
    }

    @Test
    void lossCurveDrawsRawThinAndSmoothedBoldWithTitles() {
        Map<String, Object> fig = PlotlyJson.toMap(Plots.lossCurve(history(50, false)));
        assertEquals("Training loss", PlotlyJson.title(fig));
        assertEquals("iteration", title(fig, "xaxis"));
        assertEquals("loss per example (nats)", title(fig, "yaxis"));
        List<Map<String, Object>> t = traces(fig);
        assertEquals(2, t.size());
        assertEquals("loss", t.get(0).get("name"));
        assertEquals("smoothed loss", t.get(1).get("name"));
        double thin = ((Number) map(t.get(0).get("line")).get("width")).doubleValue();
        double bold = ((Number) map(t.get(1).get("line")).get("width")).doubleValue();
        assertTrue(thin < bold, thin + " vs " + bold);
        assertEquals(50, ((List<?>) t.get(0).get("y")).size());
        assertEquals(true, map(fig.get("layout")).get("showlegend"));
    }

    @Test
    void longHistoriesAreThinned() {
        Table h = history(20_000, false);
        Map<String, Object> fig = PlotlyJson.toMap(Plots.lossCurve(h));
        for (Map<String, Object> t : traces(fig)) {
            List<?> x = (List<?>) t.get("x");
            assertTrue(x.size() <= Plots.MAX_POINTS, x.size() + " points");
            assertEquals(0L, x.get(0));
            assertEquals(19_999L, x.get(x.size() - 1));
        }
    }

    @Test
    void lossCurvesOverlaySmoothedLossOfEachRun() {
        Map<String, Table> runs = new LinkedHashMap<>();
        runs.put("n_a = 50", history(30, false));
        runs.put("n_a = 100", history(40, false));
        Map<String, Object> fig = PlotlyJson.toMap(Plots.lossCurves(runs));
        List<Map<String, Object>> t = traces(fig);
        assertEquals(List.of("n_a = 50", "n_a = 100"), List.of(t.get(0).get("name"), t.get(1).get("name")));
        assertEquals(40, ((List<?>) t.get(1).get("x")).size());
        assertThrows(IllegalArgumentException.class, () -> Plots.lossCurves(Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.lossCurves(Map.of("bad", Table.create("x", IntColumn.create("iteration", 1)))));
        assertTrue(e.getMessage().contains("history of run 'bad' has no column 'smoothed_loss'"), e.getMessage());
    }

    @Test
    void gradientNormsDrawOnePanelPerParameterWithTheRawFaintAndTheTrendBold() {
        Table h = history(200, true);
        h.addColumns(DoubleColumn.create("clipped_fraction", java.util.stream.IntStream.range(0, 200)
                .mapToDouble(i -> i < 100 ? 0.01 : 0).toArray()));
        Map<String, Object> fig = PlotlyJson.toMap(Plots.gradientNorms(h));
        Map<String, Object> layout = map(fig.get("layout"));
        List<Map<String, Object>> t = traces(fig);
        // Five gradients × (raw before, raw after, trend) + the clipped share.
        assertEquals(16, t.size());
        for (int p = 0; p < 5; p++) {
            String y = p == 0 ? "y" : "y" + (p + 1);
            String axis = p == 0 ? "yaxis" : "yaxis" + (p + 1);
            assertEquals(List.of(y, y, y), List.of(t.get(3 * p).get("yaxis"), t.get(3 * p + 1).get("yaxis"),
                    t.get(3 * p + 2).get("yaxis")), "panel " + p);
            assertEquals("log", map(layout.get(axis)).get("type"));
            List<?> range = (List<?>) map(layout.get(axis)).get("range");
            // norm_g = (g+1)·10·e^(−i/50) runs from (g+1)·10 down to (g+1)·10·e^(−199/50); the range holds both.
            double top = Math.log10((p + 1) * 10.0);
            assertTrue(((Number) range.get(1)).doubleValue() > top, axis + " range " + range);
            assertTrue(((Number) range.get(0)).doubleValue() < Math.log10(Math.min(5, (p + 1) * 10 * Math.exp(-198 / 50.0))),
                    axis + " range " + range);
        }
        // The raw series are thin and translucent, the trend is bold; only the first panel puts them in the legend.
        assertEquals(1L, map(t.get(0).get("line")).get("width"));
        assertTrue(((String) map(t.get(0).get("line")).get("color")).startsWith("rgba("));
        assertTrue(((Number) map(t.get(2).get("line")).get("width")).doubleValue() > 2);
        assertEquals(Boolean.TRUE, t.get(0).get("showlegend"));
        assertEquals(Boolean.FALSE, t.get(3).get("showlegend"));
        assertEquals("y6", t.get(15).get("yaxis"));
        assertEquals("x2", t.get(15).get("xaxis"));
        // Panel headings say how often clipping changed each gradient: norm ≥ 5 in the test history until it decays.
        List<?> notes = (List<?>) layout.get("annotations");
        assertEquals(6, notes.size());
        int above = 0;
        for (int i = 0; i < 200; i++) {
            above += 10 * Math.exp(-i / 50.0) > 5 ? 1 : 0;
        }
        assertEquals("<b>dWaa</b> · clipping changed it in " + String.format(java.util.Locale.US, "%.1f", above / 2.0)
                + "% of iterations", map(notes.get(0)).get("text"));
        // The legend sits in the band above the panels, not over them.
        Map<String, Object> legend = map(layout.get("legend"));
        assertEquals("container", legend.get("yref"));
        assertEquals("h", legend.get("orientation"));
        assertEquals("Gradient norms per parameter, before and after clipping", map(layout.get("title")).get("text"));

        // Without clipped columns: raw and trend per gradient, five panels.
        assertEquals(10, traces(PlotlyJson.toMap(Plots.gradientNorms(history(20, false)))).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.gradientNorms(history(5, false).removeColumns("norm_db")));
        assertTrue(e.getMessage().contains("no column 'norm_db'"), e.getMessage());
    }

    @Test
    void aLegendOfSeveralLinesSitsAboveThePlot() {
        Map<String, Object> layout = map(PlotlyJson.toMap(Plots.lossCurve(history(20, false))).get("layout"));
        Map<String, Object> legend = map(layout.get("legend"));
        assertEquals("h", legend.get("orientation"));
        assertEquals("bottom", legend.get("yanchor"));
        assertTrue(((Number) legend.get("y")).doubleValue() >= 1, "above the plot area: " + legend);
        Map<String, Object> one = map(PlotlyJson.toMap(LineChart.titled("one line")
                .series("a", new double[] {1, 2}, new double[] {3, 4}).figure()).get("layout"));
        assertFalse(one.containsKey("legend"), "a single line needs no legend: " + one);
    }

    @Test
    void movingAveragesSkipWhatTheyCannotAverage() {
        assertEquals(List.of(1.5, 2.0, 3.0, 3.5), box(Smooth.movingAverage(new double[] {1, 2, 3, 4}, 3)));
        assertEquals(List.of(1.5, 1.5, 2.0), box(Smooth.movingAverage(new double[] {1, 2, Double.NaN}, 3)));
        assertTrue(Double.isNaN(Smooth.movingAverage(new double[] {Double.NaN}, 1)[0]));
        double[] g = Smooth.geometricMovingAverage(new double[] {1, 100, 0, -3, 10_000}, 3);
        assertEquals(10, g[0], 1e-12);
        assertEquals(10, g[1], 1e-12);
        assertEquals(100, g[2], 1e-12);
        assertEquals(10_000, g[3], 1e-9);
        assertEquals(1001, Smooth.window(100_000, 0.01));
        assertEquals(1, Smooth.window(20, 0.01));
        assertThrows(IllegalArgumentException.class, () -> Smooth.movingAverage(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> Smooth.window(10, 0));
    }

    private static List<Double> box(double[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }

    @Test
    void gradientNormOverTimeStartsAtOneAndDashesTheBound() {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("‖Waa‖ = 0.5", new double[] {1, 0.5, 0.25});
        curves.put("bound", new double[] {1, 0.6, 0.36});
        Figure f = Plots.gradientNormOverTime("Vanishing gradient", curves, Map.of("bound", Stroke.DASHED));
        Map<String, Object> fig = PlotlyJson.toMap(f);
        assertEquals("Vanishing gradient", PlotlyJson.title(fig));
        assertEquals("time step t", title(fig, "xaxis"));
        assertEquals("log", map(map(fig.get("layout")).get("yaxis")).get("type"));
        List<Map<String, Object>> t = traces(fig);
        assertEquals(List.of(1L, 2L, 3L), t.get(0).get("x"));
        assertEquals("lines+markers", t.get(0).get("mode"));
        assertEquals("dash", map(t.get(1).get("line")).get("dash"));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.gradientNormOverTime("t", curves, Map.of("other", Stroke.DASHED)));
        assertThrows(IllegalArgumentException.class, () -> Plots.gradientNormOverTime("t", Map.of()));
    }

    @Test
    void activationHeatmapLabelsTimeStepsWithCharacters() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{0.5, -2, 0}, {0.1, 0.2, 0.3}});
        Map<String, Object> fig = PlotlyJson.toMap(Plots.activationHeatmap(a, new String[] {"a", " ", "a"}));
        Map<String, Object> trace = traces(fig).get(0);
        // Repeated characters stay separate columns: x is the step index, the character is only the label.
        assertEquals(List.of(0L, 1L, 2L), trace.get("x"));
        assertEquals(List.of("a", "␣", "a"), map(map(fig.get("layout")).get("xaxis")).get("ticktext"));
        // One value outside tanh's range widens the symmetric colour range.
        assertEquals(-2L, trace.get("zmin"));
        assertEquals(2L, trace.get("zmax"));
        assertEquals("hidden unit", title(fig, "yaxis"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.activationHeatmap(a, new String[] {"a"}));
        assertEquals("xLabels has 1 labels but a is (2,3); give one label per column (time step)", e.getMessage());
        Map<String, Object> unlabelled = PlotlyJson.toMap(Plots.activationHeatmap(new DMatrixRMaj(1, 2), null));
        assertEquals(List.of("0", "1"), map(map(unlabelled.get("layout")).get("xaxis")).get("ticktext"));
        assertEquals(-1L, traces(unlabelled).get(0).get("zmin"));
    }

    @Test
    void samplesTablePivotsOneRowPerCheckpoint() {
        Table samples = Table.create("samples",
                IntColumn.create("iteration", 0, 0, 0, 2000, 2000, 2000),
                IntColumn.create("sample_index", 0, 1, 2, 1, 0, 2),
                StringColumn.create("sample", "Nkzxwtdmfqoeyhsqwasjjjvu", "Kneb", "Kzxo", "Lmxb", "Ondr", "A"));
        Table out = Plots.samplesTable(samples);
        assertEquals(List.of("iteration", "sample 0", "sample 1", "sample 2"), out.columnNames());
        assertEquals(2, out.rowCount());
        assertEquals(List.of(0, 2000), out.intColumn("iteration").asList());
        assertEquals(List.of("Nkzxwtdmfqoeyhsqwasjjjvu", "Kneb", "Kzxo"),
                List.of(out.getString(0, 1), out.getString(0, 2), out.getString(0, 3)));
        assertEquals(List.of("Ondr", "Lmxb", "A"),
                List.of(out.getString(1, 1), out.getString(1, 2), out.getString(1, 3)));

        Table twice = samples.copy();
        twice.intColumn("sample_index").set(1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.samplesTable(twice));
        assertEquals("samples has two rows for iteration 0 and sample_index 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.samplesTable(samples.copy().removeColumns("sample")));
    }

    @Test
    void samplesTableLeavesMissingSamplesEmpty() {
        Table samples = Table.create("samples",
                DoubleColumn.create("iteration", 0, 10),
                IntColumn.create("sample_index", 0, 1),
                StringColumn.create("sample", "A", "B"));
        Table out = Plots.samplesTable(samples);
        assertEquals(List.of("A", ""), out.stringColumn("sample 0").asList());
        assertEquals(List.of("", "B"), out.stringColumn("sample 1").asList());
    }

    @Test
    void genericLineAndBar() {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("train", new double[][] {{1, 2}, {0.5, 0.25}});
        series.put("test", new double[][] {{1, 2}, {0.6, 0.4}});
        Map<String, Object> line = PlotlyJson.toMap(Plots.line("Error", "epoch", "error rate", true, series));
        assertEquals(2, traces(line).size());
        assertEquals("error rate", title(line, "yaxis"));
        assertEquals("log", map(map(line.get("layout")).get("yaxis")).get("type"));
        // Log axes label their ticks 10⁻²⁰ rather than with SI prefixes; linear axes keep plotly's default.
        assertEquals("power", map(map(line.get("layout")).get("yaxis")).get("exponentformat"));
        assertEquals("auto", map(map(line.get("layout")).get("yaxis")).get("tickmode"));
        assertFalse(map(map(line.get("layout")).get("xaxis")).containsKey("exponentformat"));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.line("E", "x", "y", false, Map.of("bad", new double[][] {{1, 2}})));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.line("E", "x", "y", false, Map.of("bad", new double[][] {{1, 2}, {1}})));

        Map<String, double[]> groups = new LinkedHashMap<>();
        groups.put("Java", new double[] {1, 2});
        groups.put("NumPy", new double[] {3, 4});
        Map<String, Object> bar = PlotlyJson.toMap(Plots.bar("Speed", "task", "time (ms)", new String[] {"fwd", "bwd"}, groups));
        assertEquals(2, traces(bar).size());
        assertEquals(List.of("fwd", "bwd"), traces(bar).get(1).get("x"));
        assertEquals("NumPy", traces(bar).get(1).get("name"));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.bar("S", "t", "y", new String[] {"a"}, new double[] {1, 2}));
    }

    @Test
    void stackedBarsSetPlotlysStackModeAndGroupedBarsDoNot() {
        String[] cells = {"RNN", "GRU"};
        BarChart chart = BarChart.titled("Parameters").xTitle("cell").yTitle("parameters")
                .bars("weights", cells, new double[] {40, 120})
                .bars("biases", cells, new double[] {5, 0});
        Map<String, Object> grouped = PlotlyJson.toMap(chart.figure());
        Map<String, Object> stacked = PlotlyJson.toMap(chart.stacked().figure());
        assertFalse(map(grouped.get("layout")).containsKey("barmode"));
        assertEquals("stack", map(stacked.get("layout")).get("barmode"));
        assertEquals(2, traces(stacked).size());
        assertEquals(List.of(40L, 120L), traces(stacked).get(0).get("y"));
        assertEquals("parameters", title(stacked, "yaxis"));
        assertEquals("Parameters", PlotlyJson.title(stacked));
    }

    @Test
    void buildersAreImmutableAndCheckTheirArguments() {
        LineChart empty = LineChart.titled("T").xTitle("x").yTitle("y");
        LineChart one = empty.series("a", new double[] {1}, new double[] {2});
        assertThrows(IllegalArgumentException.class, empty::figure);
        assertEquals(1, one.figure().getTraces().length);
        double[] x = {1, 2};
        LineChart copied = empty.series("b", x, new double[] {3, 4});
        x[0] = 99;
        assertEquals(List.of(1L, 2L), traces(PlotlyJson.toMap(copied.figure())).get(0).get("x"));
        assertFalse(map(PlotlyJson.toMap(one.figure()).get("layout")).get("showlegend").equals(true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> empty.series("c", new double[] {1, 2}, new double[] {1}));
        assertEquals("series 'c': x has 2 points but y has 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LineChart.titled(null));
        assertThrows(IllegalArgumentException.class, () -> empty.size(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Stroke(0, Stroke.SOLID.dash(), null, false));
        assertThrows(IllegalArgumentException.class, () -> BarChart.titled("B").figure());
    }
}
