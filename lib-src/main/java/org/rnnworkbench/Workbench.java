package org.rnnworkbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about the library itself: its version and the Java it runs on. */
public final class Workbench {
    private static final String VERSION = loadVersion();

    private Workbench() {}

    /** The library version, as built by Maven (e.g. {@code 0.1.0}). */
    public static String version() {
        return VERSION;
    }

    /** One line naming the library version and the running JVM, shown by notebooks and the CLI. */
    public static String describe() {
        return "RNN Workbench " + VERSION + " on Java " + Runtime.version()
                + " (" + System.getProperty("java.vm.name") + ")";
    }

    private static String loadVersion() {
        try (InputStream in = Workbench.class.getResourceAsStream("workbench.properties")) {
            if (in == null) {
                throw new IllegalStateException("workbench.properties is missing from the library jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
