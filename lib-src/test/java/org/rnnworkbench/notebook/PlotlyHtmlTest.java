package org.rnnworkbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.plot.Plots;
import tech.tablesaw.plotly.components.Figure;

class PlotlyHtmlTest {
    private static final Pattern DIV = Pattern.compile("<div id=\"(rnnwb-plot-[0-9a-f-]+)\" class=\"rnnwb-plot\"></div>");
    private static final Pattern SCRIPT = Pattern.compile("<script type=\"text/javascript\">(.*?)</script>", Pattern.DOTALL);

    private static Figure figure(String title) {
        return Plots.line(title, "x (s)", "y (m)", true, Map.of("a", new double[][] {{1, 2, 3}, {1, 10, 100}}));
    }

    @Test
    void fragmentIsOneDivAndOneScriptDrawingIntoIt() {
        String html = PlotlyHtml.render(figure("Distance </script> & <b>time</b>"));
        Matcher div = DIV.matcher(html);
        assertTrue(div.find(), html);
        String id = div.group(1);
        Matcher script = SCRIPT.matcher(html);
        assertTrue(script.find());
        String body = script.group(1);
        assertFalse(script.find(), "one script only");
        // Nothing in the script can end it early or open an HTML comment.
        assertFalse(body.contains("<"), body);
        assertTrue(body.contains("var id = \"" + id + "\";"));
        assertTrue(body.contains("Plotly.newPlot(div, figure.data, figure.layout"));
        // The three ways to find plotly.js, in order.
        int direct = body.indexOf("if (window.Plotly)");
        int amd = body.indexOf("window.require([\"plotly.min.js\"]");
        int tag = body.indexOf("script.src = \"plotly.min.js\"");
        assertTrue(direct > 0 && amd > direct && tag > amd, body);
        // One shared script tag per page: only the first fragment creates the queue.
        assertTrue(body.contains("var queue = window.__rnnwbPlotly;\n  if (!queue) {"));
    }

    @Test
    void scriptHoldsTheFigureJson() {
        Figure f = figure("Distance </script> & <b>time</b>");
        String html = PlotlyHtml.render(f);
        Matcher m = Pattern.compile("var figure = (\\{.*\\});\n").matcher(html);
        assertTrue(m.find());
        Map<?, ?> parsed = new Gson().fromJson(m.group(1), Map.class);
        Map<?, ?> expected = new Gson().fromJson(new Gson().toJson(PlotlyJson.toMap(f)), Map.class);
        assertEquals(expected, parsed);
        Map<?, ?> layout = (Map<?, ?>) parsed.get("layout");
        assertEquals("Distance &lt;/script&gt; &amp; &lt;b&gt;time&lt;/b&gt;", ((Map<?, ?>) layout.get("title")).get("text"));
        assertEquals("log", ((Map<?, ?>) layout.get("yaxis")).get("type"));
    }

    @Test
    void everyFragmentHasItsOwnId() {
        Figure f = figure("Same");
        Matcher a = DIV.matcher(PlotlyHtml.render(f));
        Matcher b = DIV.matcher(PlotlyHtml.render(f));
        assertTrue(a.find() && b.find());
        assertNotEquals(a.group(1), b.group(1));
    }
}
