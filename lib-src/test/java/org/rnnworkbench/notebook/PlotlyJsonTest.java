package org.rnnworkbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.plot.Plots;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Font;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.HeatmapTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;

class PlotlyJsonTest {
    /** A figure built with tablesaw's own API, the way any notebook might. */
    private static Figure tablesawFigure() {
        ScatterTrace line = ScatterTrace.builder(new double[] {0, 1, 2, 123456789}, new double[] {1.23456789, 2, Double.NaN, 1e-7})
                .mode(ScatterTrace.Mode.LINE).name("model's <loss>").build();
        BarTrace bar = BarTrace.builder(new Object[] {"a", "b"}, new double[] {3, 4}).name("bars").build();
        Layout layout = Layout.builder("Loss \"curve\"")
                .titleFont(Font.builder().size(20).build())
                .xAxis(Axis.builder().title("iteration").build())
                .yAxis(Axis.builder().title("loss (nats)").type(Axis.Type.LOG).build())
                .build();
        return new Figure(layout, line, bar);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @Test
    void titlesBecomeObjectsAndTheLogAxisStays() {
        Map<String, Object> fig = PlotlyJson.toMap(tablesawFigure());
        Map<String, Object> layout = map(fig.get("layout"));
        Map<String, Object> title = map(layout.get("title"));
        assertEquals("Loss \"curve\"", title.get("text"));
        // titlefont was dropped by plotly.js 3; it now lives in title.font.
        assertFalse(layout.containsKey("titlefont"));
        assertEquals(20L, map(title.get("font")).get("size"));
        assertEquals(Map.of("text", "iteration"), map(layout.get("xaxis")).get("title"));
        Map<String, Object> yaxis = map(layout.get("yaxis"));
        assertEquals(Map.of("text", "loss (nats)"), yaxis.get("title"));
        assertEquals("log", yaxis.get("type"));
        assertEquals("Loss \"curve\"", PlotlyJson.title(fig));
    }

    @Test
    void tracesKeepTheirDataAsRoundedNumbers() {
        Map<String, Object> fig = PlotlyJson.toMap(tablesawFigure());
        List<Object> data = list(fig.get("data"));
        assertEquals(2, data.size());
        Map<String, Object> line = map(data.get(0));
        assertEquals("scatter", line.get("type"));
        assertEquals("lines", line.get("mode"));
        // tablesaw quotes these numbers; integers stay exact, the rest keeps 6 significant digits, NaN is a gap.
        assertEquals(List.of(0L, 1L, 2L, 123456789L), line.get("x"));
        assertEquals(Arrays.asList(1.23457, 2L, null, 1e-7), line.get("y"));
        // Names keep tablesaw's escaping of < > (plotly shows &lt; as <) but get their quotes back.
        assertEquals("model's &lt;loss&gt;", line.get("name"));
        Map<String, Object> bar = map(data.get(1));
        assertEquals("bar", bar.get("type"));
        assertEquals(List.of("a", "b"), bar.get("x"));
        assertEquals(List.of(3L, 4L), bar.get("y"));
    }

    @Test
    void heatmapZIsKeptWithoutTheTrailingCommaNulls() {
        double[][] z = {{0.5, -0.25, 1}, {2, 3.141592653589793, -1e-3}};
        // A heatmap after another trace: tablesaw names both variables trace0; each trace is read alone.
        ScatterTrace first = ScatterTrace.builder(new double[] {0}, new double[] {0}).build();
        HeatmapTrace heat = HeatmapTrace.builder(new Object[] {"a", "b", "c"}, new Object[] {"u0", "u1"}, z).build();
        Map<String, Object> fig = PlotlyJson.toMap(new Figure(Layout.builder("Heat").build(), first, heat));
        List<Object> data = list(fig.get("data"));
        assertEquals(2, data.size());
        Map<String, Object> trace = map(data.get(1));
        assertEquals("heatmap", trace.get("type"));
        assertEquals(List.of(List.of(0.5, -0.25, 1L), List.of(2L, 3.14159, -0.001)), trace.get("z"));
        assertEquals(List.of("u0", "u1"), trace.get("y"));
    }

    @Test
    void activationHeatmapCarriesItsColourBarTitleAndTicks() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{0.1, -0.2}, {0.3, 0.4}, {-0.5, 0.6}});
        Map<String, Object> fig = PlotlyJson.toMap(Plots.activationHeatmap(a, new String[] {"a", "\n"}));
        Map<String, Object> trace = map(list(fig.get("data")).get(0));
        assertEquals(List.of(List.of(0.1, -0.2), List.of(0.3, 0.4), List.of(-0.5, 0.6)), trace.get("z"));
        assertEquals(Map.of("text", "a⟨t⟩"), map(trace.get("colorbar")).get("title"));
        Map<String, Object> xaxis = map(map(fig.get("layout")).get("xaxis"));
        assertEquals(List.of("a", "⏎"), xaxis.get("ticktext"));
        assertEquals(List.of(0L, 1L), xaxis.get("tickvals"));
        assertEquals("array", xaxis.get("tickmode"));
    }

    @Test
    void emptyTitlesAreDroppedAndTheFigureMayHaveNoLayout() {
        ScatterTrace t = ScatterTrace.builder(new double[] {1}, new double[] {2}).build();
        Map<String, Object> fig = PlotlyJson.toMap(new Figure(t));
        Map<String, Object> layout = map(fig.get("layout"));
        assertFalse(layout.containsKey("title"), layout.toString());
        Map<String, Object> noAxisTitle = PlotlyJson.toMap(new Figure(Layout.builder("T").xAxis(Axis.builder().build()).build(), t));
        assertFalse(map(map(noAxisTitle.get("layout")).get("xaxis")).containsKey("title"));
        assertNull(PlotlyJson.title(fig));
    }

    @Test
    void normalizeFixesHandWrittenMapsAndIsIdempotent() {
        Map<String, Object> legend = new LinkedHashMap<>();
        legend.put("title", "runs");
        Map<String, Object> colorbar = new LinkedHashMap<>();
        colorbar.put("title", "a");
        colorbar.put("titleside", "right");
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("title", "Hand made");
        layout.put("yaxis2", Map.of("title", "second", "type", "log"));
        layout.put("legend", legend);
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("type", "heatmap");
        trace.put("z", new double[][] {{1, Double.POSITIVE_INFINITY}});
        trace.put("colorbar", colorbar);
        Map<String, Object> fig = new LinkedHashMap<>();
        fig.put("data", new Object[] {trace});
        fig.put("layout", layout);

        Map<String, Object> n = PlotlyJson.normalize(fig);
        Map<String, Object> l = map(n.get("layout"));
        assertEquals(Map.of("text", "Hand made"), l.get("title"));
        assertEquals(Map.of("text", "second"), map(l.get("yaxis2")).get("title"));
        assertEquals(Map.of("text", "runs"), map(l.get("legend")).get("title"));
        Map<String, Object> t = map(list(n.get("data")).get(0));
        assertEquals(List.of(Arrays.asList(1L, null)), t.get("z"));
        assertEquals(Map.of("text", "a", "side", "right"), map(t.get("colorbar")).get("title"));
        assertEquals(n, PlotlyJson.normalize(n));
        // The input was copied, not changed.
        assertEquals("Hand made", layout.get("title"));
    }

    @Test
    void normalizeRejectsWhatIsNotJson() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("data", List.of(Map.of("type", "scatter", "x", new Object())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlotlyJson.normalize(bad));
        assertTrue(e.getMessage().contains("figure.data[0].x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PlotlyJson.normalize(Map.of("data", "x")));
        assertThrows(IllegalArgumentException.class, () -> PlotlyJson.normalize(Map.of("layout", List.of())));
        assertThrows(IllegalArgumentException.class, () -> PlotlyJson.normalize(null));
        assertThrows(IllegalArgumentException.class, () -> PlotlyJson.toMap(null));
    }

    @Test
    void jsonIsSafeInsideAScriptAndReadsBack() {
        Map<String, Object> fig = PlotlyJson.toMap(new Figure(Layout.builder("</script><!-- & '").build(),
                ScatterTrace.builder(new double[] {1}, new double[] {2}).name("</script>").build()));
        String json = PlotlyJson.toJson(fig);
        assertFalse(json.contains("<") || json.contains(">") || json.contains("&"), json);
        Map<?, ?> back = new Gson().fromJson(json, Map.class);
        assertEquals("&lt;/script&gt;&lt;!-- &amp; '", ((Map<?, ?>) ((Map<?, ?>) back.get("layout")).get("title")).get("text"));
    }

    @Test
    void roundingKeepsIntegersExactAndSixDigits() {
        assertEquals(100000L, PlotlyJson.round(100000));
        assertEquals(-3L, PlotlyJson.round(-3));
        assertEquals(1.23457e-12, PlotlyJson.round(1.2345678e-12));
        assertEquals(123457L, PlotlyJson.round(123456.7));
        assertEquals(1.23457e20, PlotlyJson.round(1.2345678e20));
        assertNull(PlotlyJson.round(Double.NaN));
        assertNull(PlotlyJson.round(Double.NEGATIVE_INFINITY));
    }

    @Property
    void roundingIsCloseAndStable(@ForAll double v) {
        Object r = PlotlyJson.round(v);
        if (!Double.isFinite(v)) {
            assertNull(r);
            return;
        }
        double d = ((Number) r).doubleValue();
        assertTrue(Math.abs(d - v) <= 5e-6 * Math.abs(v), v + " -> " + d);
        assertEquals(r, PlotlyJson.round(d));
        if (r instanceof Double) {
            assertInstanceOf(Double.class, PlotlyJson.round(d));
        }
    }
}
