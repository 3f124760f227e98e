package org.rnnworkbench.plot;

import tech.tablesaw.plotly.components.Axis;

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

    static Axis axis(String title, boolean log) {
        Axis.AxisBuilder b = Axis.builder().title(title);
        if (log) {
            b.type(Axis.Type.LOG);
        }
        return b.build();
    }
}
