package org.rnnworkbench.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Results over several seeds: the median with the range (min–max), whether two groups of seeds
 * can be told apart, and the two figures that show a spread — one dot per seed with the median
 * marked, and curves drawn as a median line inside a min–max band.
 */
public final class Spread {
    private Spread() {}

    /** The median of {@code values} (at least one, all finite or not). */
    public static double median(double[] values) {
        requireSome(values);
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The smallest value. */
    public static double min(double[] values) {
        requireSome(values);
        return Arrays.stream(values).min().getAsDouble();
    }

    /** The largest value. */
    public static double max(double[] values) {
        requireSome(values);
        return Arrays.stream(values).max().getAsDouble();
    }

    /**
     * "2.413 (2.398–2.441)": the median and the range, with {@code digits} decimals; a range with a
     * negative end reads "−0.018 to 0.002" (a dash between signed numbers would read as a minus).
     */
    public static String text(double[] values, int digits) {
        String f = "%." + digits + "f";
        double lo = min(values);
        String dash = lo < 0 ? " to " : "–";
        return String.format(Locale.ROOT, f + " (" + f + dash + f + ")", median(values), lo, max(values));
    }

    /**
     * True when every value of one group is below every value of the other: the only ordering five
     * seeds per side can support without a model of the noise. False means "within noise".
     */
    public static boolean separated(double[] a, double[] b) {
        return max(a) < min(b) || max(b) < min(a);
    }

    /**
     * The exact two-sided permutation p-value of the difference of means between {@code a} and
     * {@code b}: the fraction of all ways to relabel the pooled values whose |difference| is at least
     * the observed one. With 5 against 5 the smallest possible value is 2/252 ≈ 0.008.
     */
    public static double permutationP(double[] a, double[] b) {
        requireSome(a);
        requireSome(b);
        if (a.length + b.length > 20) {
            throw new IllegalArgumentException("a and b hold " + (a.length + b.length)
                    + " values together; the exact test enumerates subsets and allows at most 20");
        }
        double[] pooled = new double[a.length + b.length];
        System.arraycopy(a, 0, pooled, 0, a.length);
        System.arraycopy(b, 0, pooled, a.length, b.length);
        double total = Arrays.stream(pooled).sum();
        double observed = Math.abs(mean(a) - mean(b));
        int n = pooled.length;
        long extreme = 0;
        long all = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != a.length) {
                continue;
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    sum += pooled[i];
                }
            }
            double diff = Math.abs(sum / a.length - (total - sum) / b.length);
            all++;
            // A relative tolerance so that the observed split itself always counts.
            if (diff >= observed * (1 - 1e-12)) {
                extreme++;
            }
        }
        return (double) extreme / all;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().getAsDouble();
    }

    private static void requireSome(double[] values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("values is empty; a spread needs at least one value");
        }
    }

    /**
     * One column per group: a dot for every seed, a bar at the median, and, when {@code reference} is
     * finite, a dashed horizontal line at it (a baseline). The y axis is scaled to the data.
     */
    public static Figure dots(String title, String yTitle, Map<String, double[]> groups, String referenceName,
            double reference) {
        Charts.text("title", title);
        Charts.text("yTitle", yTitle);
        Objects.requireNonNull(groups, "groups");
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("groups is empty");
        }
        List<Trace> traces = new ArrayList<>();
        List<String> dotX = new ArrayList<>();
        List<Double> dotY = new ArrayList<>();
        List<String> medX = new ArrayList<>();
        List<Double> medY = new ArrayList<>();
        for (var e : groups.entrySet()) {
            for (double v : e.getValue()) {
                dotX.add(e.getKey());
                dotY.add(v);
            }
            medX.add(e.getKey());
            medY.add(median(e.getValue()));
        }
        Map<String, Object> dots = new LinkedHashMap<>();
        dots.put("type", "scatter");
        dots.put("mode", "markers");
        dots.put("name", "one seed");
        dots.put("x", dotX);
        dots.put("y", dotY);
        dots.put("marker", Map.of("size", 8, "color", "rgba(31,119,180,0.6)"));
        traces.add(PlotlyTrace.of(dots));
        Map<String, Object> med = new LinkedHashMap<>();
        med.put("type", "scatter");
        med.put("mode", "markers");
        med.put("name", "median");
        med.put("x", medX);
        med.put("y", medY);
        med.put("marker", Map.of("size", 28, "symbol", "line-ew-open", "color", "#d62728", "line", Map.of("width", 3)));
        traces.add(PlotlyTrace.of(med));
        if (Double.isFinite(reference)) {
            Charts.text("referenceName", referenceName);
            List<String> x = new ArrayList<>(groups.keySet());
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("type", "scatter");
            ref.put("mode", "lines");
            ref.put("name", referenceName);
            ref.put("x", x);
            ref.put("y", x.stream().map(k -> reference).toList());
            ref.put("line", Map.of("dash", "dash", "color", "#2ca02c", "width", 2));
            traces.add(PlotlyTrace.of(ref));
        }
        Layout layout = Layout.builder(title).xAxis(Charts.axis("", false)).yAxis(Charts.axis(yTitle, false))
                .showLegend(true).width(LineChart.WIDTH).height(LineChart.HEIGHT).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    /**
     * Curves over several seeds, one group per colour: the median over the seeds at each x as a line,
     * the min–max over the seeds as a shaded band. {@code runs} maps a group name to its curves
     * (seeds × points, all of the length of {@code x}); {@code colors} gives each group a CSS colour.
     */
    public static Figure bands(String title, String xTitle, String yTitle, double[] x, Map<String, double[][]> runs,
            Map<String, String> colors) {
        return bands(title, xTitle, yTitle, x, runs, colors, null, Double.NaN);
    }

    /** {@link #bands(String, String, String, double[], Map, Map)} with a dashed horizontal line at {@code reference} (a baseline) when it is finite. */
    public static Figure bands(String title, String xTitle, String yTitle, double[] x, Map<String, double[][]> runs,
            Map<String, String> colors, String referenceName, double reference) {
        Charts.text("title", title);
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(colors, "colors");
        List<Trace> traces = new ArrayList<>();
        for (var e : runs.entrySet()) {
            double[][] curves = e.getValue();
            int n = x.length;
            double[] lo = new double[n];
            double[] hi = new double[n];
            double[] mid = new double[n];
            for (int i = 0; i < n; i++) {
                double[] at = new double[curves.length];
                for (int s = 0; s < curves.length; s++) {
                    if (curves[s].length != n) {
                        throw new IllegalArgumentException("curve " + s + " of '" + e.getKey() + "' has "
                                + curves[s].length + " points but x has " + n);
                    }
                    at[s] = curves[s][i];
                }
                lo[i] = min(at);
                hi[i] = max(at);
                mid[i] = median(at);
            }
            String color = Objects.requireNonNull(colors.get(e.getKey()), "color of " + e.getKey());
            Map<String, Object> low = new LinkedHashMap<>();
            low.put("type", "scatter");
            low.put("mode", "lines");
            low.put("name", e.getKey() + " min");
            low.put("x", x);
            low.put("y", lo);
            low.put("line", Map.of("width", 0, "color", color));
            low.put("showlegend", false);
            traces.add(PlotlyTrace.of(low));
            Map<String, Object> high = new LinkedHashMap<>(low);
            high.put("name", e.getKey() + " min–max over seeds");
            high.put("y", hi);
            high.put("fill", "tonexty");
            high.put("fillcolor", color.startsWith("#") ? hexToRgba(color, 0.2) : color);
            traces.add(PlotlyTrace.of(high));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "scatter");
            line.put("mode", "lines");
            line.put("name", e.getKey() + " (median of " + curves.length + " seeds)");
            line.put("x", x);
            line.put("y", mid);
            line.put("line", Map.of("width", 2, "color", color));
            traces.add(PlotlyTrace.of(line));
        }
        if (Double.isFinite(reference)) {
            Charts.text("referenceName", referenceName);
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("type", "scatter");
            ref.put("mode", "lines");
            ref.put("name", referenceName);
            ref.put("x", new double[] {x[0], x[x.length - 1]});
            ref.put("y", new double[] {reference, reference});
            ref.put("line", Map.of("dash", "dash", "color", "#555555", "width", 2));
            traces.add(PlotlyTrace.of(ref));
        }
        Layout layout = Layout.builder(title).xAxis(Charts.axis(xTitle, false)).yAxis(Charts.axis(yTitle, false))
                .showLegend(true).width(LineChart.WIDTH).height(LineChart.HEIGHT).build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    private static String hexToRgba(String hex, double alpha) {
        int r = Integer.parseInt(hex.substring(1, 3), 16);
        int g = Integer.parseInt(hex.substring(3, 5), 16);
        int b = Integer.parseInt(hex.substring(5, 7), 16);
        return String.format(Locale.ROOT, "rgba(%d,%d,%d,%.2f)", r, g, b, alpha);
    }
}
