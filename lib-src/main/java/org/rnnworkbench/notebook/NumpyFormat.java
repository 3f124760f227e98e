package org.rnnworkbench.notebook;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Tensor3;

/**
 * Prints arrays the way NumPy's {@code print} does with its default options (8 significant
 * fractional digits at most, trailing zeros dropped, values aligned on the decimal point, lines
 * wrapped at 75 characters), so a notebook's output reads like the original test cell's. Only
 * NumPy's fixed notation is produced: NumPy switches to scientific notation when an array mixes
 * magnitudes (below 1e-4, or spanning more than 1e3), and this class does not.
 */
public final class NumpyFormat {
    /** NumPy's default {@code precision}. */
    public static final int PRECISION = 8;
    /** NumPy's default {@code linewidth}. */
    public static final int LINE_WIDTH = 75;

    private NumpyFormat() {}

    /** A 1-D array, e.g. {@code [ 0.59584544  0.18141802 -0.6531151 ]}. */
    public static String array(double... values) {
        if (values == null) {
            throw new IllegalArgumentException("values is null");
        }
        return row(format(values), 1);
    }

    /** A matrix as NumPy prints a 2-D array (a column vector prints as {@code [[1.] [2.]]} on separate lines). */
    public static String array(DMatrixRMaj m) {
        if (m == null) {
            throw new IllegalArgumentException("m is null");
        }
        double[] all = java.util.Arrays.copyOf(m.data, m.getNumElements());
        String[] cells = format(all);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < m.numRows; i++) {
            String[] rowCells = java.util.Arrays.copyOfRange(cells, i * m.numCols, (i + 1) * m.numCols);
            if (i > 0) {
                sb.append("\n ");
            }
            sb.append(row(rowCells, 2));
        }
        return sb.append("]").toString();
    }

    /** Row {@code i} of {@code m} as NumPy prints the 1-D array {@code m[i]}, e.g. {@code a_next[4]}. */
    public static String array(DMatrixRMaj m, int i) {
        if (m == null) {
            throw new IllegalArgumentException("m is null");
        }
        if (i < 0 || i >= m.numRows) {
            throw new IllegalArgumentException("row " + i + " is out of range: m is (" + m.numRows + ","
                    + m.numCols + ")");
        }
        return array(java.util.Arrays.copyOfRange(m.data, i * m.numCols, (i + 1) * m.numCols));
    }

    /** NumPy's {@code x.shape} for a matrix: {@code (5, 10)}. */
    public static String shape(DMatrixRMaj m) {
        return "(" + m.numRows + ", " + m.numCols + ")";
    }

    /** NumPy's {@code x.shape} for a tensor: {@code (5, 10, 4)}. */
    public static String shape(Tensor3 x) {
        return x.shapeString();
    }

    /** One scalar as NumPy prints a float64 (Python's {@code repr}: shortest digits, exponent outside 1e-4..1e16). */
    public static String scalar(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String sign = (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : "";
        BigDecimal b = shortest(Math.abs(v));
        if (b.signum() == 0) {
            return sign + "0.0";
        }
        String digits = b.unscaledValue().toString().replaceFirst("0+$", "");
        int exp = b.precision() - b.scale() - 1; // v = d.ddd × 10^exp
        if (exp >= -4 && exp < 16) {
            String plain = b.stripTrailingZeros().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format(java.util.Locale.ROOT, "%02d", Math.abs(exp));
    }

    /** The shortest decimal that reads back as exactly {@code v} (Java 17's toString is not always shortest). */
    private static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal b = exact.round(new java.math.MathContext(digits, RoundingMode.HALF_EVEN));
            if (b.doubleValue() == v) {
                return b;
            }
        }
        return exact.round(new java.math.MathContext(17, RoundingMode.HALF_EVEN));
    }

    private static String[] format(double[] values) {
        String[] ints = new String[values.length];
        String[] fracs = new String[values.length];
        int intWidth = 0;
        int fracWidth = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            String s;
            if (Double.isNaN(v)) {
                s = "nan";
            } else if (Double.isInfinite(v)) {
                s = v > 0 ? "inf" : "-inf";
            } else {
                BigDecimal b = new BigDecimal(v).setScale(PRECISION, RoundingMode.HALF_EVEN).stripTrailingZeros();
                s = b.scale() <= 0 ? b.setScale(0).toPlainString() + "." : b.toPlainString();
                if (v < 0 && !s.startsWith("-")) {
                    s = "-" + s;
                }
                if (v == 0 && 1 / v < 0) {
                    s = "-0.";
                }
            }
            int dot = s.indexOf('.');
            ints[i] = dot < 0 ? s : s.substring(0, dot);
            fracs[i] = dot < 0 ? "" : s.substring(dot);
            intWidth = Math.max(intWidth, ints[i].length());
            fracWidth = Math.max(fracWidth, fracs[i].length());
        }
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = " ".repeat(intWidth - ints[i].length()) + ints[i] + fracs[i]
                    + " ".repeat(fracWidth - fracs[i].length());
        }
        return out;
    }

    /**
     * One innermost row, wrapped as NumPy's {@code _formatArray} wraps it: lines are measured from
     * the start of the printed line (depth brackets or spaces of indentation), an element other than
     * the last must leave room for one closing bracket, and a line is never left empty.
     */
    private static String row(String[] cells, int depth) {
        String hanging = " ".repeat(depth);
        int lineWidth = LINE_WIDTH - (depth - 1);
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(hanging);
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            int limit = last ? lineWidth : lineWidth - 1;
            if (line.length() > hanging.length() && line.length() + cells[i].length() > limit) {
                out.append(line.toString().replaceFirst("\\s+$", "")).append('\n');
                line = new StringBuilder(hanging);
            }
            line.append(cells[i]);
            if (!last) {
                line.append(' ');
            }
        }
        out.append(line);
        return "[" + out.substring(depth) + "]";
    }
}
