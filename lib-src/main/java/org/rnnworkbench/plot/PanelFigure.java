package org.rnnworkbench.plot;

import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A tablesaw {@link Figure} with layout entries that tablesaw's {@link Layout} builder cannot express
 * (more than one x axis, a fifth y axis, annotations, a legend position), given as plotly attributes.
 * The notebook display ({@code PlotlyJson.toMap}) merges them over the built layout; tablesaw's own
 * HTML output ignores them.
 */
public final class PanelFigure extends Figure {
    private final Map<String, Object> layoutExtras;

    /** A figure of {@code traces} whose layout is {@code layout} with {@code layoutExtras} set on top (the map is copied). */
    public PanelFigure(Layout layout, Map<String, ?> layoutExtras, Trace... traces) {
        super(layout, traces);
        if (layoutExtras == null) {
            throw new IllegalArgumentException("layoutExtras is null (pass Map.of() for none)");
        }
        this.layoutExtras = new LinkedHashMap<>(layoutExtras);
    }

    /** The layout entries set over the tablesaw layout (a copy). */
    public Map<String, Object> layoutExtras() {
        return new LinkedHashMap<>(layoutExtras);
    }
}
