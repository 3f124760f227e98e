package org.rnnworkbench.train;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Chooses, once, the kernels the fast trainers run on: the JDK Vector API implementation when it is
 * asked for ({@code -Drnnworkbench.vectorization=vector}), the module {@code jdk.incubator.vector} is in
 * the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}) and the C2
 * compiler is on; the scalar kernels otherwise. The vectorised class is only looked up by name after
 * that check, so without the module it is never loaded (loading it would fail with
 * {@code NoClassDefFoundError}).
 *
 * <p>The Vector API kernels are opt-in: measured on the project's quiet machine they are no faster than
 * the scalar ones, which C2 already auto-vectorises (0.94–1.00× on the four trainers of
 * {@code make bench}).
 */
public final class Vectorization {
    private Vectorization() {}

    /** The system property that asks for the Vector API kernels when set to {@code vector}. */
    public static final String PROPERTY = "rnnworkbench.vectorization";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "org.rnnworkbench.train.PanamaKernelSupport";

    /** Loaded on first use, so the choice is made once and without a class-initialisation cycle. */
    private static final class Holder {
        static final KernelSupport KERNELS = choose();
    }

    /** The kernels chosen for this JVM. */
    static KernelSupport kernels() {
        return Holder.KERNELS;
    }

    /** True when the fast trainers run on the Vector API kernels. */
    public static boolean isVectorized() {
        return !(Holder.KERNELS instanceof ScalarKernelSupport);
    }

    /** One line for logs and benchmark tables: which kernels, and why the scalar ones when they are chosen. */
    public static String describe() {
        return Holder.KERNELS.describe() + (isVectorized() ? "" : "; " + whyScalar());
    }

    /** True when the JVM can run the Vector API kernels: the module is present and the C2 compiler is on. */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** True when this JVM asks for the Vector API kernels ({@code -Drnnworkbench.vectorization=vector}). */
    static boolean requested() {
        return "vector".equals(System.getProperty(PROPERTY, "").toLowerCase(Locale.ROOT));
    }

    private static String whyScalar() {
        if (!requested()) {
            return "the default; -D" + PROPERTY + "=vector (with --add-modules " + VECTOR_MODULE
                    + ") asks for the Vector API kernels";
        }
        if (!vectorModulePresent()) {
            return "start the JVM with --add-modules " + VECTOR_MODULE + " for the Vector API kernels";
        }
        if (!c2Enabled()) {
            return "the C2 compiler is off (the Vector API is slow without it)";
        }
        return "the Vector API kernels could not be loaded";
    }

    /** The Vector API is compiled to SIMD code by C2 only; with C1 alone (e.g. -XX:TieredStopAtLevel=1) it is far slower than scalar code. */
    private static boolean c2Enabled() {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:TieredStopAtLevel=") && !arg.endsWith("=4")) {
                return false;
            }
            if (arg.equals("-client") || arg.equals("-Xint")) {
                return false;
            }
        }
        return true;
    }

    private static KernelSupport choose() {
        KernelSupport scalar = new ScalarKernelSupport();
        if (!requested() || !vectorModulePresent() || !c2Enabled()) {
            return scalar;
        }
        KernelSupport vector = loadVector();
        return vector == null ? scalar : vector;
    }

    /** The Vector API kernels, or null when their class is missing or refuses this machine (too narrow vectors). */
    static KernelSupport loadVector() {
        if (!vectorModulePresent()) {
            return null;
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> c = lookup.findClass(VECTOR_CLASS);
            return (KernelSupport) lookup.findConstructor(c, MethodType.methodType(void.class)).invoke();
        } catch (UnsupportedOperationException | ReflectiveOperationException | LinkageError e) {
            return null;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
