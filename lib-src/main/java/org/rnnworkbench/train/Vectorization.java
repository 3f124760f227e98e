package org.rnnworkbench.train;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Chooses, once, the kernels the fast trainers run on: the JDK Vector API implementation when the
 * module {@code jdk.incubator.vector} is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}) and the C2 compiler is on, the scalar kernels otherwise.
 * The vectorised class is only looked up by name after that check, so without the module it is never
 * loaded (loading it would fail with {@code NoClassDefFoundError}). The system property
 * {@code rnnworkbench.vectorization=scalar} forces the scalar kernels, for measuring one against the
 * other.
 */
public final class Vectorization {
    private Vectorization() {}

    /** The system property that forces the scalar kernels when set to {@code scalar}. */
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

    private static String whyScalar() {
        if ("scalar".equals(System.getProperty(PROPERTY, "").toLowerCase(Locale.ROOT))) {
            return PROPERTY + "=scalar";
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
        if ("scalar".equals(System.getProperty(PROPERTY, "").toLowerCase(Locale.ROOT)) || !vectorModulePresent()
                || !c2Enabled()) {
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
