package org.rnnworkbench.plot;

import tech.tablesaw.plotly.components.Line;

/**
 * How one line is drawn: width in pixels, dash, colour (null: plotly's next default colour), and whether
 * points get markers. Immutable; {@code with…} methods return changed copies.
 */
public record Stroke(double width, Line.Dash dash, String color, boolean markers) {
    /** 2 px, solid. */
    public static final Stroke SOLID = new Stroke(2, Line.Dash.SOLID, null, false);
    /** 1 px, solid: a noisy raw series under its smoothed version. */
    public static final Stroke THIN = new Stroke(1, Line.Dash.SOLID, null, false);
    /** 3 px, solid: the series the eye should follow. */
    public static final Stroke BOLD = new Stroke(3, Line.Dash.SOLID, null, false);
    /** 2 px, dashed: a bound or a reference curve. */
    public static final Stroke DASHED = new Stroke(2, Line.Dash.DASH, null, false);
    /** 2 px, dotted. */
    public static final Stroke DOTTED = new Stroke(2, Line.Dash.DOT, null, false);

    /** Checks width and dash. */
    public Stroke {
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("width must be a positive number of pixels but was " + width);
        }
        if (dash == null) {
            throw new IllegalArgumentException("dash is null");
        }
    }

    /** This stroke in {@code color} (any CSS colour: "#1f77b4", "rgba(31,119,180,0.4)"). */
    public Stroke withColor(String color) {
        return new Stroke(width, dash, color, markers);
    }

    /** This stroke {@code width} pixels wide. */
    public Stroke withWidth(double width) {
        return new Stroke(width, dash, color, markers);
    }

    /** This stroke with another dash. */
    public Stroke withDash(Line.Dash dash) {
        return new Stroke(width, dash, color, markers);
    }

    /** This stroke with a marker on every point. */
    public Stroke withMarkers() {
        return new Stroke(width, dash, color, true);
    }
}
