package org.rnnworkbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.plot.Plots;
import org.rnnworkbench.plot.Stroke;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * Writes sample exports for the headless-browser check into {@code target/plot-export/}: a plain page
 * ({@code plots-page.html}) made of {@link PlotlyHtml} fragments, and a notebook ({@code plots-notebook.ipynb}) whose
 * outputs are {@link MimeBundle}s, to be exported with nbconvert or opened in JupyterLab. The browser
 * check then needs {@code plotly.min.js} copied beside the HTML.
 */
class ExportPageTest {
    static final Path DIR = Path.of("target", "plot-export");

    /** Four figures covering the trace types the notebooks use: lines (linear and log), heatmap, bars. */
    static Map<String, Figure> figures() {
        int n = 3000;
        int[] it = new int[n];
        double[] loss = new double[n];
        double[] smooth = new double[n];
        double[][] norms = new double[5][n];
        double s = 23.07;
        for (int i = 0; i < n; i++) {
            it[i] = i;
            loss[i] = 12 + 11 * Math.exp(-i / 700.0) + 3 * Math.sin(i * 1.3) * Math.cos(i * 0.37);
            s = 0.999 * s + 0.001 * loss[i];
            smooth[i] = s;
            for (int g = 0; g < 5; g++) {
                norms[g][i] = (g + 1) * (0.5 + Math.abs(Math.sin(i * 0.01 * (g + 1)))) * Math.exp(-i / 2000.0);
            }
        }
        Table history = Table.create("history", IntColumn.create("iteration", it),
                DoubleColumn.create("loss", loss), DoubleColumn.create("smoothed_loss", smooth));
        for (int g = 0; g < 5; g++) {
            double[] clipped = norms[g].clone();
            for (int i = 0; i < n; i++) {
                clipped[i] = Math.min(clipped[i], 2.5);
            }
            history.addColumns(DoubleColumn.create("norm_" + Plots.GRADIENTS.get(g), norms[g]),
                    DoubleColumn.create("clipped_norm_" + Plots.GRADIENTS.get(g), clipped));
        }
        String word = "argon\n";
        DMatrixRMaj a = new DMatrixRMaj(12, word.length());
        String[] chars = new String[word.length()];
        for (int t = 0; t < word.length(); t++) {
            chars[t] = word.substring(t, t + 1);
            for (int u = 0; u < a.numRows; u++) {
                a.set(u, t, Math.tanh(Math.sin(u * 1.7 + t * 0.9) * 2));
            }
        }
        Map<String, double[]> overTime = new LinkedHashMap<>();
        double[] small = new double[20];
        double[] bound = new double[20];
        for (int t = 0; t < 20; t++) {
            small[t] = Math.pow(0.6, 19 - t) * (1 + 0.2 * Math.sin(t));
            bound[t] = Math.pow(0.7, 19 - t);
        }
        overTime.put("‖∂L/∂a⟨t⟩‖", small);
        overTime.put("bound (γ·‖Waa‖)^(T−t)", bound);

        Map<String, Figure> figures = new LinkedHashMap<>();
        figures.put("loss", Plots.lossCurve(history));
        figures.put("norms", Plots.gradientNorms(history));
        figures.put("overTime", Plots.gradientNormOverTime("Gradient through time (T = 20)", overTime,
                Map.of("bound (γ·‖Waa‖)^(T−t)", Stroke.DASHED)));
        figures.put("heatmap", Plots.activationHeatmap(a, chars));
        figures.put("bars", Plots.bar("Time per training iteration", "implementation", "time (µs)",
                new String[] {"plain", "fast"}, new double[] {41.5, 9.25}));
        return figures;
    }

    static Table samples() {
        return Plots.samplesTable(Table.create("samples",
                IntColumn.create("iteration", 0, 0, 2000, 2000),
                IntColumn.create("sample_index", 0, 1, 0, 1),
                StringColumn.create("sample", "Nkzxwtdmfqoeyhsqwasjjjvu", "Kneb", "Argon & <co>", "Neon")));
    }

    /** A plain HTML page: the fragments inside a minimal skeleton, as an export would place them. */
    static String page(Map<String, Figure> figures) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>RNN Workbench figures</title>\n</head>\n<body>\n<h1>RNN Workbench figures</h1>\n");
        for (Figure f : figures.values()) {
            sb.append("<section>\n").append(PlotlyHtml.render(f)).append("</section>\n");
        }
        sb.append("<section>\n").append(TableHtml.render(samples())).append("</section>\n</body>\n</html>\n");
        return sb.toString();
    }

    /** A notebook (nbformat 4.5) with one code cell per figure, each holding its display bundle as output. */
    static String notebook(Map<String, Figure> figures) {
        List<Object> cells = new ArrayList<>();
        cells.add(Map.of("cell_type", "markdown", "id", "intro", "metadata", Map.of(),
                "source", "# Figures\nEvery output below is a display bundle made by `MimeBundle.of`."));
        int k = 0;
        for (Map.Entry<String, Figure> e : figures.entrySet()) {
            cells.add(codeCell("fig" + k++, "show(" + e.getKey() + ");", MimeBundle.of(e.getValue())));
        }
        cells.add(codeCell("table", "show(samples);", MimeBundle.of(samples())));
        Map<String, Object> nb = new LinkedHashMap<>();
        nb.put("cells", cells);
        nb.put("metadata", Map.of(
                "kernelspec", Map.of("name", "java", "display_name", "Java", "language", "java"),
                "language_info", Map.of("name", "java")));
        nb.put("nbformat", 4);
        nb.put("nbformat_minor", 5);
        Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();
        return gson.toJson(nb) + "\n";
    }

    private static Map<String, Object> codeCell(String id, String source, Map<String, Object> bundle) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("output_type", "display_data");
        output.put("data", bundle);
        output.put("metadata", Map.of());
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("cell_type", "code");
        cell.put("execution_count", null);
        cell.put("id", id);
        cell.put("metadata", Map.of());
        cell.put("outputs", List.of(output));
        cell.put("source", source);
        return cell;
    }

    /** Writes plots-page.html and plots-notebook.ipynb into {@code dir}. */
    static void write(Path dir) throws IOException {
        Map<String, Figure> figures = figures();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("plots-page.html"), page(figures), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("plots-notebook.ipynb"), notebook(figures), StandardCharsets.UTF_8);
    }

    /** Writes the sample exports into the directory given (default target/plot-export). */
    public static void main(String[] args) throws IOException {
        write(args.length > 0 ? Path.of(args[0]) : DIR);
    }

    @Test
    void writesAPageWithOneDrawingFragmentPerFigure() throws IOException {
        write(DIR);
        String html = Files.readString(DIR.resolve("plots-page.html"));
        Matcher m = Pattern.compile("<div id=\"(rnnwb-plot-[^\"]+)\"").matcher(html);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
            assertTrue(html.contains("var id = \"" + m.group(1) + "\";"));
        }
        assertEquals(5, ids.size());
        assertEquals(5, ids.stream().distinct().count());
        assertTrue(html.contains("Argon &amp; &lt;co&gt;"));
    }

    @Test
    void writesANotebookWhosePlotlyOutputsAreJsonObjects() throws IOException {
        write(DIR);
        Map<?, ?> nb = new Gson().fromJson(Files.readString(DIR.resolve("plots-notebook.ipynb")), Map.class);
        List<?> cells = (List<?>) nb.get("cells");
        assertEquals(7, cells.size());
        int plots = 0;
        for (Object c : cells) {
            List<?> outputs = (List<?>) ((Map<?, ?>) c).get("outputs");
            if (outputs == null) {
                continue;
            }
            Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) outputs.get(0)).get("data");
            if (data.containsKey(MimeBundle.PLOTLY)) {
                Map<?, ?> fig = assertInstanceOf(Map.class, data.get(MimeBundle.PLOTLY));
                Map<?, ?> title = assertInstanceOf(Map.class, ((Map<?, ?>) fig.get("layout")).get("title"));
                assertInstanceOf(String.class, title.get("text"));
                assertInstanceOf(String.class, data.get(MimeBundle.HTML));
                plots++;
            }
        }
        assertEquals(5, plots);
    }
}
