package org.rnnworkbench.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.notebook.MimeBundle;
import org.rnnworkbench.plot.Plots;
import org.rnnworkbench.tensor.Tensor3;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

class WorkbenchExtensionTest {
    private static Renderer renderer() {
        Renderer r = new Renderer();
        WorkbenchExtension.register(r);
        return r;
    }

    private static void assertShowsBundle(Renderer r, Object value) {
        DisplayData shown = r.render(value);
        Map<String, Object> bundle = MimeBundle.forValue(value);
        for (Map.Entry<String, Object> e : bundle.entrySet()) {
            Object actual = shown.getData(MIMEType.parse(e.getKey()));
            if (e.getValue() instanceof String html && e.getKey().equals(MimeBundle.HTML)) {
                // Every HTML fragment of a figure gets its own element id.
                assertEquals(html.replaceAll("rnnwb-plot-[0-9a-f-]+", "ID"),
                        ((String) actual).replaceAll("rnnwb-plot-[0-9a-f-]+", "ID"), value.getClass() + " html");
            } else {
                assertEquals(e.getValue(), actual, value.getClass() + " " + e.getKey());
            }
        }
    }

    @Test
    void eachTypeRendersAsItsBundle() {
        Renderer r = renderer();
        assertShowsBundle(r, new DMatrixRMaj(new double[][] {{1, 2}, {3, 4.5}}));
        assertShowsBundle(r, Tensor3.fromCOrder(1, 2, 2, new double[] {1, 2, 3, 4}));
        assertShowsBundle(r, Table.create("t", DoubleColumn.create("x", 1.5, 2)));
        Figure f = Plots.bar("Bars", "kind", "value", new String[] {"a", "b"}, new double[] {1, 2});
        assertShowsBundle(r, f);
        // A figure subclass (the small multiples) is a figure too.
        assertShowsBundle(r, Plots.gradientNorms(org.rnnworkbench.plot.PlotsTestAccess.history()));
        DisplayData matrix = r.render(new DMatrixRMaj(new double[][] {{1, 2}}));
        assertEquals("shape (1, 2)\n[[1. 2.]]", matrix.getData(MIMEType.TEXT_PLAIN));
        Map<?, ?> plotly = assertInstanceOf(Map.class, r.render(f).getData(MIMEType.parse(MimeBundle.PLOTLY)));
        assertTrue(plotly.containsKey("layout"));
    }

    @Test
    void otherValuesKeepTheKernelsPlainText() {
        assertEquals("hello", renderer().render("hello").getData(MIMEType.TEXT_PLAIN));
        assertThrows(IllegalArgumentException.class, () -> WorkbenchExtension.register(null));
    }

    @Test
    void theJarNamesTheExtensionForTheKernel() throws Exception {
        try (InputStream in = WorkbenchExtension.class.getResourceAsStream(
                "/META-INF/services/org.dflib.jjava.jupyter.Extension")) {
            assertEquals(WorkbenchExtension.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
        assertTrue(org.dflib.jjava.jupyter.Extension.class.isAssignableFrom(WorkbenchExtension.class));
    }
}
