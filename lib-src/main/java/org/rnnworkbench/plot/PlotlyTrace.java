package org.rnnworkbench.plot;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.plotly.components.HoverLabel;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A trace given directly as plotly attributes, for what tablesaw's trace builders cannot say (a heatmap's
 * colour scale and range, hover templates). It plugs into a tablesaw {@code Figure} like any trace and
 * writes {@code var traceN = {...};} in the same form, including tablesaw's HTML escaping of the name.
 */
public final class PlotlyTrace implements Trace {
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private final Map<String, Object> attributes;

    private PlotlyTrace(Map<String, Object> attributes) {
        this.attributes = attributes;
    }

    /**
     * A trace with these attributes ({@code type} is required; values are maps, lists, arrays, numbers,
     * strings, booleans). The map is copied; its arrays are not.
     */
    public static PlotlyTrace of(Map<String, ?> attributes) {
        if (attributes == null) {
            throw new IllegalArgumentException("attributes is null");
        }
        if (!(attributes.get("type") instanceof String)) {
            throw new IllegalArgumentException("attributes must name the trace type, e.g. \"heatmap\", but type is "
                    + attributes.get("type"));
        }
        for (Object key : attributes.keySet()) {
            if (key == null) {
                throw new IllegalArgumentException("attributes has a null key");
            }
        }
        return new PlotlyTrace(new LinkedHashMap<>(attributes));
    }

    @Override
    public String asJavascript(int i) {
        Map<String, Object> written = new LinkedHashMap<>(attributes);
        if (written.get("name") instanceof String) {
            // tablesaw's templates escape names for HTML; do the same so a figure's traces read alike.
            written.put("name", escapeHtml((String) written.get("name")));
        }
        return "var trace" + i + " =\n" + GSON.toJson(written) + ";\n";
    }

    @Override
    public String name() {
        Object name = attributes.get("name");
        return name == null ? "" : name.toString();
    }

    @Override
    public HoverLabel hoverLabel() {
        return null;
    }

    @Override
    public boolean showLegend() {
        return !Boolean.FALSE.equals(attributes.get("showlegend"));
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
