package org.rnnworkbench.jupyter;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.gradcheck.GradientCheck;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.notebook.MimeBundle;
import org.rnnworkbench.tensor.Tensor3;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * The JJava kernel extension of the library: the kernel installs it as soon as the library's jar is on
 * its class path ({@code %classpath} or {@code %maven}), found through
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension}. It registers one renderer per type the
 * notebooks show, so a figure, a table, a matrix, a tensor, a gradient check or a training run left as the
 * last expression of a cell displays itself. The bundles come from {@link MimeBundle}; this package is
 * the only part of the library that uses the kernel's classes.
 */
public final class WorkbenchExtension implements Extension {
    /** The types that display themselves, in registration order. */
    static final Set<Class<?>> TYPES = Set.of(Figure.class, Table.class, DMatrixRMaj.class, Tensor3.class,
            GradientCheck.Result.class, TrainingResult.class);

    /** Registers the renderers with the kernel's renderer and lets {@link Notebook}'s helpers display through it. */
    @Override
    public void install(BaseKernel kernel) {
        register(kernel.getRenderer());
        Notebook.attach(kernel);
    }

    /** Registers a renderer for each of {@link #TYPES} that sends {@link MimeBundle#forValue}'s bundle. */
    public static void register(Renderer renderer) {
        if (renderer == null) {
            throw new IllegalArgumentException("renderer is null");
        }
        for (Class<?> type : TYPES) {
            registerOne(renderer, type);
        }
    }

    private static <T> void registerOne(Renderer renderer, Class<T> type) {
        Set<MIMEType> mimes = new LinkedHashSet<>();
        for (String mime : new String[] {MimeBundle.PLOTLY, MimeBundle.HTML, MimeBundle.TEXT}) {
            mimes.add(MIMEType.parse(mime));
        }
        MIMEType[] all = mimes.toArray(new MIMEType[0]);
        renderer.createRegistration(type).preferring(all).supporting(all).register((value, context) -> {
            Map<String, Object> bundle = MimeBundle.forValue(value);
            if (bundle != null) {
                // The whole bundle, whatever was requested: the front end picks the richest type it can draw.
                bundle.forEach(context.getOutputContainer()::putData);
            }
        });
    }
}
