package org.rnnworkbench.notebook;

import java.util.LinkedHashMap;
import java.util.Map;
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
}
