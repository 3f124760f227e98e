package org.rnnworkbench.jupyter;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.rnnworkbench.notebook.MimeBundle;
import org.rnnworkbench.notebook.ProgressSink;

/**
 * The display helpers of a notebook, for {@code import static org.rnnworkbench.jupyter.Notebook.*;}:
 * {@code show(...)} for a value in the middle of a cell, {@code progressLine()} for long runs, and the
 * {@code mark}/{@code print} lines the notebooks compare results with. Outside a running kernel (a plain
 * JShell, a test) {@code show} prints the value's text form and {@code progressLine} prints each line.
 */
public final class Notebook {
    private static volatile BaseKernel kernel;

    private Notebook() {}

    /** Called by {@link WorkbenchExtension#install}: the kernel the helpers display through. */
    static void attach(BaseKernel k) {
        kernel = k;
    }

    private static BaseKernel kernel() {
        BaseKernel k = kernel;
        if (k != null) {
            return k;
        }
        try {
            return BaseKernel.notebookKernel();
        } catch (RuntimeException noKernel) {
            // JJava throws rather than return null when no kernel is running (a plain JShell, a test).
            return null;
        }
    }

    /**
     * Displays {@code value} as a cell output now: a figure draws, a table shows as HTML, a matrix or
     * tensor prints as NumPy prints it; any other value as its text. Returns nothing, so a cell that
     * ends with {@code show(x)} shows no display id.
     */
    public static void show(Object value) {
        Map<String, Object> bundle = MimeBundle.forValue(value);
        if (bundle == null) {
            bundle = Map.of(MimeBundle.TEXT, String.valueOf(value));
        }
        showBundle(bundle);
    }

    /** Displays a MIME bundle (type → value, e.g. from {@link MimeBundle}); returns its display id. */
    public static String showBundle(Map<String, Object> bundle) {
        if (bundle == null || bundle.isEmpty()) {
            throw new IllegalArgumentException("bundle must hold at least one MIME type");
        }
        String id = UUID.randomUUID().toString();
        BaseKernel k = kernel();
        if (k == null) {
            System.out.println(bundle.getOrDefault(MimeBundle.TEXT, bundle.keySet().toString()));
            return id;
        }
        DisplayData dd = new DisplayData();
        bundle.forEach(dd::putData);
        // setDisplayId returns void in jjava-jupyter 1.0-a6 (compiled against) and DisplayData in 1.0a8 (the
        // kernel): calling it fails at run time with NoSuchMethodError. This is what it does in both.
        dd.putTransientData("display_id", id);
        k.display(dd);
        return id;
    }

    /** One output line that long runs replace in place: returns the sink that replaces it. */
    public static ProgressSink progressLine() {
        BaseKernel k = kernel();
        if (k == null) {
            return System.out::println;
        }
        String id = showBundle(Map.of(MimeBundle.TEXT, "starting…"));
        return line -> {
            DisplayData dd = new DisplayData(line);
            k.getIO().display.updateDisplay(id, dd);
        };
    }

    /** "✔ label" when ok, "✘ label" otherwise: the comparison lines under each result. */
    public static String mark(boolean ok, String label) {
        return (ok ? "✔ " : "✘ ") + label;
    }

    /** Python's print: the parts joined by one space, so a test cell prints what the original printed. */
    public static void print(Object... parts) {
        System.out.println(Arrays.stream(parts).map(String::valueOf).collect(Collectors.joining(" ")));
    }
}
