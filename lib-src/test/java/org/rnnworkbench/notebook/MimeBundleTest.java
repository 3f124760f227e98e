package org.rnnworkbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.plot.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

class MimeBundleTest {
    @Test
    void figureBundleHoldsTheMapTheHtmlAndAPlainLine() {
        Figure f = Plots.bar("Time per step", "implementation", "time (µs)", new String[] {"plain", "fast"},
                new double[] {12.5, 3.25});
        Map<String, Object> bundle = MimeBundle.of(f);
        assertEquals(List.of("application/vnd.plotly.v1+json", "text/html", "text/plain"), List.copyOf(bundle.keySet()));
        // A Map is stored in the notebook as a JSON object; a String would not render.
        Map<?, ?> plotly = assertInstanceOf(Map.class, bundle.get(MimeBundle.PLOTLY));
        assertEquals(PlotlyJson.toMap(f), plotly);
        String html = assertInstanceOf(String.class, bundle.get(MimeBundle.HTML));
        assertTrue(html.startsWith("<div id=\"rnnwb-plot-"), html);
        assertEquals("Figure: Time per step", bundle.get(MimeBundle.TEXT));
    }

    @Test
    void tableBundleHoldsHtmlAndText() {
        Table t = Table.create("runs", StringColumn.create("run", "a<b"), DoubleColumn.create("loss", 1.5));
        Map<String, Object> bundle = MimeBundle.of(t);
        assertEquals(List.of("text/html", "text/plain"), List.copyOf(bundle.keySet()));
        assertTrue(((String) bundle.get(MimeBundle.HTML)).contains("<td style=\"text-align:left\">a&lt;b</td>"));
        assertTrue(((String) bundle.get(MimeBundle.TEXT)).contains("a<b"));
        assertThrows(IllegalArgumentException.class, () -> MimeBundle.of((Table) null));
    }
}
