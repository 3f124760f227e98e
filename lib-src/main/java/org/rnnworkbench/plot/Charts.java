package org.rnnworkbench.plot;

import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.TickSettings;

/** Argument checks and axis helpers shared by the chart builders. */
final class Charts {
    private Charts() {}

    static String text(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        return value;
    }

    static int positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive but was " + value);
        }
        return value;
    }

    static void sameLength(String name, double[] x, double[] y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("series '" + name + "': " + (x == null ? "x" : "y") + " is null");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': x has " + x.length + " points but y has "
                    + y.length);
        }
    }

    /**
     * An axis with a title; a log axis labels its ticks as powers of ten (10⁻²⁰), because plotly's
     * default SI prefixes (100p, 1f) read like units.
     */
    static Axis axis(String title, boolean log) {
        Axis.AxisBuilder b = Axis.builder().title(title);
        if (log) {
            // tickmode auto: tablesaw's TickSettings otherwise asks for a tick at every decade.
            b.type(Axis.Type.LOG).tickSettings(TickSettings.builder().tickMode(TickSettings.TickMode.AUTO)
                    .exponentFormat(TickSettings.ExponentFormat.POWER).build());
        }
        return b.build();
    }
}
