package org.rnnworkbench.notebook;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import tech.tablesaw.plotly.components.Figure;

/**
 * A figure as a {@code text/html} fragment for exported notebooks (nbconvert ignores the plotly MIME type):
 * a {@code <div>} and an inline script holding the figure JSON.
 *
 * <p>The script finds plotly.js in the first of three ways that works, because the export page differs
 * with the network: {@code window.Plotly} when the page already has it; {@code require(["plotly.min.js"])}
 * when an AMD loader is present (nbconvert's page loads require.js when online, and plotly's UMD header
 * then registers a module instead of setting {@code window.Plotly}); otherwise one shared
 * {@code <script src="plotly.min.js">}, injected by the first figure on the page, after whose load every
 * figure draws. {@code plotly.min.js} (npm {@code plotly.js-dist-min}) is copied beside the exported HTML.
 */
public final class PlotlyHtml {
    /** The MIME type of {@link #render(Map)}'s result. */
    public static final String MIME_TYPE = "text/html";

    /** Where the fragment loads plotly.js from, relative to the page. */
    public static final String PLOTLY_JS = "plotly.min.js";

    private static final AtomicLong COUNTER = new AtomicLong();

    private PlotlyHtml() {}

    /** The fragment for a tablesaw figure: {@code render(PlotlyJson.toMap(figure))}. */
    public static String render(Figure figure) {
        return render(PlotlyJson.toMap(figure));
    }

    /**
     * A {@code <div>} with a unique id and a script that draws {@code figure} ({data, layout}) into it.
     * The id depends on the figure and on how many fragments this JVM has made, so rerunning a notebook
     * gives the same HTML.
     */
    public static String render(Map<String, ?> figure) {
        String json = PlotlyJson.toJson(figure);
        String id = "rnnwb-plot-" + UUID.nameUUIDFromBytes(
                (COUNTER.incrementAndGet() + ":" + json).getBytes(StandardCharsets.UTF_8));
        // The JSON comes from Gson's HTML-safe writer (< > & as \u003c \u003e \u0026), so no "</script>"
        // or "<!--" can appear inside the script; the id is hex and dashes.
        return "<div id=\"" + id + "\" class=\"rnnwb-plot\"></div>\n"
                + "<script type=\"text/javascript\">\n"
                + "(function () {\n"
                + "  var figure = " + json + ";\n"
                + "  var id = \"" + id + "\";\n"
                + "  function draw(Plotly) {\n"
                + "    var div = document.getElementById(id);\n"
                + "    if (div) { Plotly.newPlot(div, figure.data, figure.layout, {responsive: true}); }\n"
                + "  }\n"
                + "  if (window.Plotly) { draw(window.Plotly); return; }\n"
                + "  if (typeof window.require === \"function\" && typeof window.define === \"function\"\n"
                + "      && window.define.amd) {\n"
                + "    window.require([\"" + PLOTLY_JS + "\"], draw, function (e) {\n"
                + "      console.error(\"" + PLOTLY_JS + " did not load: \" + e);\n"
                + "    });\n"
                + "    return;\n"
                + "  }\n"
                + "  var queue = window.__rnnwbPlotly;\n"
                + "  if (!queue) {\n"
                + "    queue = window.__rnnwbPlotly = [];\n"
                + "    var script = document.createElement(\"script\");\n"
                + "    script.src = \"" + PLOTLY_JS + "\";\n"
                + "    script.onload = function () {\n"
                + "      while (queue.length) { queue.shift()(window.Plotly); }\n"
                + "      queue.push = function (f) { f(window.Plotly); };\n"
                + "    };\n"
                + "    script.onerror = function () {\n"
                + "      console.error(\"" + PLOTLY_JS + " did not load: copy it beside this page\");\n"
                + "    };\n"
                + "    (document.head || document.documentElement).appendChild(script);\n"
                + "  }\n"
                + "  queue.push(draw);\n"
                + "})();\n"
                + "</script>\n";
    }
}
