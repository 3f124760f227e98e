package org.rnnworkbench.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * An immutable builder for a figure of lines: {@code LineChart.titled("Loss").xTitle("iteration")
 * .yTitle("loss (nats)").series("smoothed", x, y, Stroke.BOLD).figure()}. Each method returns a new
 * builder; the arrays given to {@link #series} are copied when the figure is built.
 */
public final class LineChart {
    /** Default figure size in pixels: wide enough for a notebook, short enough to see the cell above. */
    public static final int WIDTH = 800;
    /** Default figure height in pixels. */
    public static final int HEIGHT = 450;

    private record Series(String name, double[] x, double[] y, Stroke stroke) {}

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final boolean logX;
    private final boolean logY;
    private final int width;
    private final int height;
    private final List<Series> series;

    private LineChart(String title, String xTitle, String yTitle, boolean logX, boolean logY, int width, int height,
            List<Series> series) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.logX = logX;
        this.logY = logY;
        this.width = width;
        this.height = height;
        this.series = series;
    }

    /** An empty chart with a title; every figure needs one. */
    public static LineChart titled(String title) {
        return new LineChart(Charts.text("title", title), "", "", false, false, WIDTH, HEIGHT, List.of());
    }

    /** The x-axis title, with units: "iteration", "time step t". */
    public LineChart xTitle(String xTitle) {
        return new LineChart(title, Charts.text("xTitle", xTitle), yTitle, logX, logY, width, height, series);
    }

    /** The y-axis title, with units: "loss (nats)". */
    public LineChart yTitle(String yTitle) {
        return new LineChart(title, xTitle, Charts.text("yTitle", yTitle), logX, logY, width, height, series);
    }

    /** A logarithmic y axis (points with y ≤ 0 are not drawn). */
    public LineChart logY() {
        return new LineChart(title, xTitle, yTitle, logX, true, width, height, series);
    }

    /** A logarithmic x axis. */
    public LineChart logX() {
        return new LineChart(title, xTitle, yTitle, true, logY, width, height, series);
    }

    /** Figure size in pixels. */
    public LineChart size(int width, int height) {
        Charts.positive("width", width);
        Charts.positive("height", height);
        return new LineChart(title, xTitle, yTitle, logX, logY, width, height, series);
    }

    /** Adds a solid 2 px line through the points (x[i], y[i]). */
    public LineChart series(String name, double[] x, double[] y) {
        return series(name, x, y, Stroke.SOLID);
    }

    /** Adds a line through the points (x[i], y[i]) drawn with {@code stroke}. */
    public LineChart series(String name, double[] x, double[] y, Stroke stroke) {
        Charts.text("name", name);
        Charts.sameLength(name, x, y);
        if (stroke == null) {
            throw new IllegalArgumentException("stroke of series '" + name + "' is null");
        }
        List<Series> more = new ArrayList<>(series);
        more.add(new Series(name, x.clone(), y.clone(), stroke));
        return new LineChart(title, xTitle, yTitle, logX, logY, width, height, List.copyOf(more));
    }

    /** The figure: one scatter trace per series; a legend above the plot when there is more than one. */
    public Figure figure() {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("line chart '" + title + "' has no series");
        }
        Trace[] traces = new Trace[series.size()];
        for (int i = 0; i < traces.length; i++) {
            Series s = series.get(i);
            Line.LineBuilder line = Line.builder().width(s.stroke().width()).dash(s.stroke().dash());
            if (s.stroke().color() != null) {
                line.color(s.stroke().color());
            }
            ScatterTrace.ScatterBuilder b = ScatterTrace.builder(s.x(), s.y())
                    .mode(s.stroke().markers() ? ScatterTrace.Mode.LINE_AND_MARKERS : ScatterTrace.Mode.LINE)
                    .line(line.build())
                    .name(s.name());
            if (s.stroke().markers() && s.stroke().color() != null) {
                b.marker(Marker.builder().color(s.stroke().color()).build());
            }
            traces[i] = b.build();
        }
        Layout layout = Layout.builder(title)
                .xAxis(Charts.axis(xTitle, logX))
                .yAxis(Charts.axis(yTitle, logY))
                .showLegend(series.size() > 1)
                .width(width)
                .height(height)
                .build();
        if (series.size() < 2) {
            return new Figure(layout, traces);
        }
        // The legend goes in a row between the title and the plot: beside the plot it takes a third of the
        // width from the data, and inside it covers some.
        return new PanelFigure(layout, Map.of(
                "legend", Map.of("orientation", "h", "x", 0, "xanchor", "left", "y", 1.02, "yanchor", "bottom"),
                "margin", Map.of("t", 110)), traces);
    }
}
