package org.rnnworkbench.notebook;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A tablesaw-jsplot {@link Figure} as the plotly JSON object {@code {data: [...], layout: {...}}}: the value
 * of the MIME type {@code application/vnd.plotly.v1+json} in a notebook output, and the figure an HTML
 * export draws.
 *
 * <p>Three things are fixed on the way, because the figure would otherwise draw wrongly in plotly.js 3+
 * or bloat the notebook:
 * <ul>
 *   <li>every title (layout, axes, legend, colour bars) becomes an object {@code {text: "..."}}: plotly.js
 *       3 dropped the plain-string titles tablesaw writes, and {@code titlefont} moves into
 *       {@code title.font};</li>
 *   <li>numbers keep {@value #DIGITS} significant digits (integers stay exact), and tablesaw's quoted
 *       numbers in {@code x}, {@code y}, {@code z} become numbers; NaN and infinities become
 *       {@code null}, which plotly draws as a gap;</li>
 *   <li>arrays become lists and every key a string, so any JSON writer stores it as a JSON object.</li>
 * </ul>
 * Titles and names keep tablesaw's entity escaping of {@code < > &} (plotly reads them as its
 * pseudo-HTML, where {@code &lt;} shows as {@code <}); only the quote entities are turned back.
 */
public final class PlotlyJson {
    /** The MIME type whose value is the map returned by {@link #toMap(Figure)}. */
    public static final String MIME_TYPE = "application/vnd.plotly.v1+json";

    /** Significant digits kept for non-integer numbers: more than a plot can show. */
    public static final int DIGITS = 6;

    private static final MathContext ROUNDING = new MathContext(DIGITS, RoundingMode.HALF_EVEN);
    private static final Pattern AXIS = Pattern.compile("[xyz]axis\\d*");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern NOT_FINITE = Pattern.compile("NaN|[-+]?Infinity");
    private static final double EXACT_LIMIT = 1e15;
    // Gson's default HTML-safe escaping writes < > & = ' as \\u003c etc., so the JSON can sit in a <script>.
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private PlotlyJson() {}

    /** {data: [one map per trace], layout: {...}} for {@code figure}, normalised as described above. */
    public static Map<String, Object> toMap(Figure figure) {
        if (figure == null) {
            throw new IllegalArgumentException("figure is null");
        }
        Trace[] traces = figure.getTraces();
        if (traces == null) {
            throw new IllegalArgumentException("figure has no traces array");
        }
        List<Object> data = new ArrayList<>(traces.length);
        for (int i = 0; i < traces.length; i++) {
            if (traces[i] == null) {
                throw new IllegalArgumentException("figure trace " + i + " is null");
            }
            data.add(read("trace " + i, traces[i].asJavascript(i)));
        }
        Layout layout = figure.getLayout();
        Object layoutMap = layout == null ? new LinkedHashMap<String, Object>() : read("layout", layout.asJavascript());
        if (figure instanceof org.rnnworkbench.plot.PanelFigure panels) {
            Map<String, Object> merged = new LinkedHashMap<>(asMap("layout", layoutMap));
            merged.putAll(panels.layoutExtras());
            layoutMap = merged;
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("data", data);
        raw.put("layout", layoutMap);
        return normalize(raw);
    }

    /**
     * A deep copy of a plotly figure map with titles as objects, numbers rounded, arrays as lists.
     * Accepts maps, iterables, Java arrays, numbers, strings, booleans, enums and nulls; applying it
     * twice gives the same map.
     */
    public static Map<String, Object> normalize(Map<String, ?> figure) {
        if (figure == null) {
            throw new IllegalArgumentException("figure is null");
        }
        Map<String, Object> copy = asMap("figure", copy("figure", figure));
        Object data = copy.get("data");
        if (data == null) {
            copy.put("data", new ArrayList<>());
        } else if (!(data instanceof List)) {
            throw new IllegalArgumentException("figure.data must be a list of traces but is " + data);
        }
        Object layout = copy.get("layout");
        if (layout == null) {
            copy.put("layout", new LinkedHashMap<String, Object>());
        } else if (!(layout instanceof Map)) {
            throw new IllegalArgumentException("figure.layout must be an object but is " + layout);
        }
        List<?> traces = (List<?>) copy.get("data");
        for (int i = 0; i < traces.size(); i++) {
            fixTrace(asMap("figure.data[" + i + "]", traces.get(i)));
        }
        fixLayout(asMap("figure.layout", copy.get("layout")));
        return copy;
    }

    /** The figure as compact JSON; {@code < > & = '} are written as {@code \\u003c}-style escapes. */
    public static String toJson(Map<String, ?> figure) {
        return GSON.toJson(normalize(figure));
    }

    /** The text of {@code layout.title}, or null when the figure has none. */
    public static String title(Map<String, ?> figure) {
        Object layout = figure == null ? null : figure.get("layout");
        if (!(layout instanceof Map)) {
            return null;
        }
        Object title = ((Map<?, ?>) layout).get("title");
        if (title instanceof Map) {
            Object text = ((Map<?, ?>) title).get("text");
            return text == null ? null : text.toString();
        }
        return title == null ? null : title.toString();
    }

    /** {@code v} with {@value #DIGITS} significant digits; integers below 1e15 exactly, as a Long. */
    static Object round(double v) {
        if (!Double.isFinite(v)) {
            return null;
        }
        if (v == Math.rint(v) && Math.abs(v) < EXACT_LIMIT) {
            return (long) v;
        }
        double r = new BigDecimal(v).round(ROUNDING).doubleValue();
        if (r == Math.rint(r) && Math.abs(r) < EXACT_LIMIT) {
            return (long) r;
        }
        return r;
    }

    private static Object read(String what, String javascript) {
        try {
            return JsLiteral.parseAssignment(javascript);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the " + what + " of the figure: " + e.getMessage(), e);
        }
    }

    private static Object copy(String path, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number) {
            Number n = (Number) value;
            if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
                return n.longValue();
            }
            return round(n.doubleValue());
        }
        if (value instanceof CharSequence || value instanceof Character || value instanceof Enum) {
            return value.toString();
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException(path + " has a null key");
                }
                String key = e.getKey().toString();
                out.put(key, copy(path + "." + key, e.getValue()));
            }
            return out;
        }
        List<Object> out = new ArrayList<>();
        if (value instanceof Iterable) {
            int i = 0;
            for (Object item : (Iterable<?>) value) {
                out.add(copy(path + "[" + i++ + "]", item));
            }
            return out;
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                out.add(copy(path + "[" + i + "]", Array.get(value, i)));
            }
            return out;
        }
        throw new IllegalArgumentException(path + " is a " + value.getClass().getName()
                + "; a plotly figure holds only maps, lists, arrays, numbers, strings and booleans");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(String path, Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(path + " must be an object but is " + value);
        }
        return (Map<String, Object>) value;
    }

    private static void fixTrace(Map<String, Object> trace) {
        for (String key : new String[] {"x", "y", "z"}) {
            trace.put(key, numbers(trace.get(key)));
            if (trace.get(key) == null) {
                trace.remove(key);
            }
        }
        if (trace.get("opacity") instanceof String) {
            trace.put("opacity", numbers(trace.get("opacity")));
        }
        if (trace.get("name") instanceof String) {
            trace.put("name", quotes((String) trace.get("name")));
        }
        fixColorBar(trace.get("colorbar"));
        if (trace.get("marker") instanceof Map) {
            fixColorBar(((Map<?, ?>) trace.get("marker")).get("colorbar"));
        }
    }

    private static void fixLayout(Map<String, Object> layout) {
        fixTitle(layout);
        for (Map.Entry<String, Object> e : layout.entrySet()) {
            if (AXIS.matcher(e.getKey()).matches() && e.getValue() instanceof Map) {
                fixTitle(asMap("layout." + e.getKey(), e.getValue()));
            }
        }
        if (layout.get("scene") instanceof Map) {
            Map<String, Object> scene = asMap("layout.scene", layout.get("scene"));
            for (Map.Entry<String, Object> e : scene.entrySet()) {
                if (AXIS.matcher(e.getKey()).matches() && e.getValue() instanceof Map) {
                    fixTitle(asMap("layout.scene." + e.getKey(), e.getValue()));
                }
            }
        }
        if (layout.get("legend") instanceof Map) {
            fixTitle(asMap("layout.legend", layout.get("legend")));
        }
        if (layout.get("coloraxis") instanceof Map) {
            fixColorBar(((Map<?, ?>) layout.get("coloraxis")).get("colorbar"));
        }
    }

    private static void fixColorBar(Object colorBar) {
        if (colorBar instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> bar = (Map<String, Object>) colorBar;
            fixTitle(bar);
            Object side = bar.remove("titleside");
            if (side != null && bar.get("title") instanceof Map) {
                asMap("colorbar.title", bar.get("title")).putIfAbsent("side", side);
            }
        }
    }

    /** title: "x" → title: {text: "x"}; titlefont → title.font; an empty title is dropped. */
    private static void fixTitle(Map<String, Object> owner) {
        Object title = owner.get("title");
        Object font = owner.remove("titlefont");
        Map<String, Object> object;
        if (title instanceof Map) {
            object = asMap("title", title);
        } else if (title == null || title.toString().isEmpty()) {
            owner.remove("title");
            return;
        } else {
            object = new LinkedHashMap<>();
            object.put("text", title.toString());
        }
        if (object.get("text") instanceof String) {
            String text = quotes((String) object.get("text"));
            if (text.isEmpty()) {
                owner.remove("title");
                return;
            }
            object.put("text", text);
        }
        if (font != null) {
            object.putIfAbsent("font", font);
        }
        owner.put("title", object);
    }

    /**
     * Quoted numbers (tablesaw writes {@code x: ["0.0","1.0","NaN"]}) as numbers, at any depth; a quoted
     * NaN or infinity becomes null like an unquoted one.
     */
    private static Object numbers(Object value) {
        if (value instanceof String) {
            String s = (String) value;
            if (DECIMAL.matcher(s).matches()) {
                return round(Double.parseDouble(s));
            }
            if (NOT_FINITE.matcher(s).matches()) {
                return null;
            }
        }
        if (value instanceof List) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) value;
            list.replaceAll(PlotlyJson::numbers);
        }
        return value;
    }

    private static String quotes(String s) {
        return s.replace("&#39;", "'").replace("&quot;", "\"");
    }
}
