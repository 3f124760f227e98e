package org.rnnworkbench.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * An immutable builder for a vertical bar chart over named categories: {@code BarChart.titled("Time per
 * iteration").xTitle("implementation").yTitle("µs").bars("median", names, values).figure()}. Several
 * {@link #bars} calls draw grouped bars with a legend.
 */
public final class BarChart {
    private record Bars(String name, String[] categories, double[] values) {}

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final boolean logY;
    private final boolean stacked;
    private final int width;
    private final int height;
    private final List<Bars> bars;

    private BarChart(String title, String xTitle, String yTitle, boolean logY, boolean stacked, int width, int height,
            List<Bars> bars) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.logY = logY;
        this.stacked = stacked;
        this.width = width;
        this.height = height;
        this.bars = bars;
    }

    /** An empty bar chart with a title. */
    public static BarChart titled(String title) {
        return new BarChart(Charts.text("title", title), "", "", false, false, LineChart.WIDTH, LineChart.HEIGHT, List.of());
    }

    /** The x-axis title (what the categories are). */
    public BarChart xTitle(String xTitle) {
        return new BarChart(title, Charts.text("xTitle", xTitle), yTitle, logY, stacked, width, height, bars);
    }

    /** The y-axis title, with units. */
    public BarChart yTitle(String yTitle) {
        return new BarChart(title, xTitle, Charts.text("yTitle", yTitle), logY, stacked, width, height, bars);
    }

    /** A logarithmic y axis. */
    public BarChart logY() {
        return new BarChart(title, xTitle, yTitle, true, stacked, width, height, bars);
    }

    /** Stacks the bars of each category on top of each other, so a bar's height is the category's total. */
    public BarChart stacked() {
        return new BarChart(title, xTitle, yTitle, logY, true, width, height, bars);
    }

    /** Figure size in pixels. */
    public BarChart size(int width, int height) {
        Charts.positive("width", width);
        Charts.positive("height", height);
        return new BarChart(title, xTitle, yTitle, logY, stacked, width, height, bars);
    }

    /** Adds one bar per category, {@code values[i]} high, named {@code name} in the legend. */
    public BarChart bars(String name, String[] categories, double[] values) {
        Charts.text("name", name);
        if (categories == null || values == null) {
            throw new IllegalArgumentException("bars '" + name + "': " + (categories == null ? "categories" : "values")
                    + " is null");
        }
        if (categories.length != values.length) {
            throw new IllegalArgumentException("bars '" + name + "': categories has " + categories.length
                    + " entries but values has " + values.length);
        }
        if (Arrays.asList(categories).contains(null)) {
            throw new IllegalArgumentException("bars '" + name + "': a category is null");
        }
        List<Bars> more = new ArrayList<>(bars);
        more.add(new Bars(name, categories.clone(), values.clone()));
        return new BarChart(title, xTitle, yTitle, logY, stacked, width, height, List.copyOf(more));
    }

    /** The figure: one bar trace per {@link #bars} call, side by side (plotly's default) or {@link #stacked}. */
    public Figure figure() {
        if (bars.isEmpty()) {
            throw new IllegalArgumentException("bar chart '" + title + "' has no bars");
        }
        Trace[] traces = new Trace[bars.size()];
        for (int i = 0; i < traces.length; i++) {
            Bars b = bars.get(i);
            traces[i] = BarTrace.builder(b.categories(), b.values()).name(b.name()).build();
        }
        Layout.LayoutBuilder layout = Layout.builder(title)
                .xAxis(Charts.axis(xTitle, false))
                .yAxis(Charts.axis(yTitle, logY))
                .showLegend(bars.size() > 1)
                .width(width)
                .height(height);
        if (stacked) {
            layout.barMode(Layout.BarMode.STACK);
        }
        return new Figure(layout.build(), traces);
    }
}
