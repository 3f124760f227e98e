package org.rnnworkbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.plot.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

class MimeBundleTest {
    @Test
    void figureBundleHoldsTheMapTheHtmlAndAPlainLine() {
        Figure f = Plots.bar("Time per step", "implementation", "time (µs)", new String[] {"plain", "fast"},
                new double[] {12.5, 3.25});
        Map<String, Object> bundle = MimeBundle.of(f);
        assertEquals(List.of("application/vnd.plotly.v1+json", "text/html", "text/plain"), List.copyOf(bundle.keySet()));
        // A Map is stored in the notebook as a JSON object; a String would not render.
        Map<?, ?> plotly = assertInstanceOf(Map.class, bundle.get(MimeBundle.PLOTLY));
        assertEquals(PlotlyJson.toMap(f), plotly);
        String html = assertInstanceOf(String.class, bundle.get(MimeBundle.HTML));
        assertTrue(html.startsWith("<div id=\"rnnwb-plot-"), html);
        assertEquals("Figure: Time per step", bundle.get(MimeBundle.TEXT));
    }

    @Test
    void tableBundleHoldsHtmlAndText() {
        Table t = Table.create("runs", StringColumn.create("run", "a<b"), DoubleColumn.create("loss", 1.5));
        Map<String, Object> bundle = MimeBundle.of(t);
        assertEquals(List.of("text/html", "text/plain"), List.copyOf(bundle.keySet()));
        assertTrue(((String) bundle.get(MimeBundle.HTML)).contains("<td style=\"text-align:left\">a&lt;b</td>"));
        assertTrue(((String) bundle.get(MimeBundle.TEXT)).contains("a<b"));
        assertThrows(IllegalArgumentException.class, () -> MimeBundle.of((Table) null));
    }

    static org.rnnworkbench.lm.TrainingResult smallRun() {
        org.rnnworkbench.lm.Dataset d = org.rnnworkbench.lm.Dataset.fromText("argon\nneon\nxenon\nkrypton\nradon\n", "gases");
        return org.rnnworkbench.lm.Trainer.model(d, org.rnnworkbench.lm.TrainingOptions.builder()
                .nA(8).iterations(300).sampleEvery(100).samplesPerCheckpoint(3).build());
    }

    @Test
    void matricesAndTensorsPrintAsNumpyWithTheirShape() {
        org.ejml.data.DMatrixRMaj m = new org.ejml.data.DMatrixRMaj(new double[][] {{1, -2.5, 3}, {0.125, 4, -0.5}});
        Map<String, Object> bundle = MimeBundle.of(m);
        assertEquals(List.of("text/plain"), List.copyOf(bundle.keySet()));
        assertEquals("shape (2, 3)\n[[ 1.    -2.5    3.   ]\n [ 0.125  4.    -0.5  ]]", bundle.get(MimeBundle.TEXT));
        org.rnnworkbench.tensor.Tensor3 x = org.rnnworkbench.tensor.Tensor3.fromCOrder(2, 1, 2, new double[] {1, 2, 3, 4});
        assertEquals("shape (2, 1, 2)\n[[[1. 2.]]\n\n [[3. 4.]]]", MimeBundle.of(x).get(MimeBundle.TEXT));
        assertThrows(IllegalArgumentException.class, () -> MimeBundle.of((org.ejml.data.DMatrixRMaj) null));
    }

    @Test
    void aGradientCheckShowsAsItsTableWithTheVerdict() {
        org.ejml.data.DMatrixRMaj w = new org.ejml.data.DMatrixRMaj(new double[][] {{0.5, -1}});
        org.ejml.data.DMatrixRMaj good = new org.ejml.data.DMatrixRMaj(new double[][] {{1.0, -2}});
        // loss = Σ w², so the gradient is 2w: the check passes; a wrong gradient fails it.
        var pass = org.rnnworkbench.gradcheck.GradientCheck.of(() -> w.get(0, 0) * w.get(0, 0) + w.get(0, 1) * w.get(0, 1))
                .wrt("w", w, good).run();
        Map<String, Object> bundle = MimeBundle.of(pass);
        assertEquals(List.of("text/html", "text/plain"), List.copyOf(bundle.keySet()));
        assertTrue(((String) bundle.get(MimeBundle.HTML)).contains("<th"), "an HTML table");
        assertTrue(((String) bundle.get(MimeBundle.TEXT)).startsWith("all gradients pass\n"));
        var fail = org.rnnworkbench.gradcheck.GradientCheck.of(() -> w.get(0, 0) * w.get(0, 0) + w.get(0, 1) * w.get(0, 1))
                .wrt("w", w, new org.ejml.data.DMatrixRMaj(new double[][] {{1.0, 2}})).run();
        assertTrue(((String) MimeBundle.of(fail).get(MimeBundle.TEXT)).startsWith("some gradients FAIL\n"));
    }

    @Test
    void aTrainingRunShowsItsCurveNumbersAndSamplesOnOneFigure() {
        var run = smallRun();
        Map<String, Object> bundle = MimeBundle.of(run);
        assertEquals(List.of("application/vnd.plotly.v1+json", "text/html", "text/plain"), List.copyOf(bundle.keySet()));
        String text = (String) bundle.get(MimeBundle.TEXT);
        assertEquals("TrainingResult: 300 iterations (300 in this run); smoothed loss "
                + String.format(java.util.Locale.US, "%.3f → %.3f", run.history().smoothedLoss(0), run.loss())
                // 13 characters: '\\n' and a d e g k n o p r t x y.
                + "; rnn, 8 hidden units, 13 characters; 3 checkpoints with samples", text);
        Map<?, ?> fig = (Map<?, ?>) bundle.get(MimeBundle.PLOTLY);
        Map<?, ?> layout = (Map<?, ?>) fig.get("layout");
        assertEquals(2, ((List<?>) fig.get("data")).size());
        String note = (String) ((Map<?, ?>) ((List<?>) layout.get("annotations")).get(0)).get("text");
        var last = run.history().checkpoints().get(run.history().checkpoints().size() - 1);
        assertTrue(note.contains("sampled at iteration " + last.iteration()), note);
        assertTrue(note.contains(last.samples().get(0).strip()), note);
        assertEquals("Training run: 300 iterations, final smoothed loss " + String.format(java.util.Locale.US, "%.3f", run.loss()),
                PlotlyJson.title((Map<String, ?>) fig));
    }

    @Test
    void forValueKnowsTheDisplayedTypesOnly() {
        assertEquals(MimeBundle.of(new org.ejml.data.DMatrixRMaj(1, 1)), MimeBundle.forValue(new org.ejml.data.DMatrixRMaj(1, 1)));
        assertEquals(null, MimeBundle.forValue("text"));
        assertEquals(null, MimeBundle.forValue(null));
    }
}
