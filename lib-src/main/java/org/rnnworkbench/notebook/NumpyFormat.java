package org.rnnworkbench.notebook;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Tensor3;

/**
 * Prints arrays the way NumPy's {@code print} does with its default options: at most 8 fractional
 * digits (trailing zeros dropped) aligned on the decimal point, or scientific notation when the values
 * span more than three decades, are below 1e-4 or reach 1e8; lines wrapped at 75 characters; arrays of
 * more than 1,000 values summarised with their first and last 3 entries along each axis and "...".
 */
public final class NumpyFormat {
    /** NumPy's default {@code precision}. */
    public static final int PRECISION = 8;
    /** NumPy's default {@code linewidth}. */
    public static final int LINE_WIDTH = 75;
    /** NumPy's default {@code threshold}: larger arrays are summarised. */
    public static final int THRESHOLD = 1000;
    /** NumPy's default {@code edgeitems}: entries kept at each end of a summarised axis. */
    public static final int EDGE_ITEMS = 3;

    private NumpyFormat() {}

    /** A 1-D array, e.g. {@code [ 0.59584544  0.18141802 -0.6531151 ]}. */
    public static String array(double... values) {
        if (values == null) {
            throw new IllegalArgumentException("values is null");
        }
        return format(values, values.length);
    }

    /** A matrix as NumPy prints a 2-D array (a column vector prints as {@code [[1.] [2.]]} on separate lines). */
    public static String array(DMatrixRMaj m) {
        if (m == null) {
            throw new IllegalArgumentException("m is null");
        }
        return format(java.util.Arrays.copyOf(m.data, m.getNumElements()), m.numRows, m.numCols);
    }

    /** A tensor (n, m, T) as NumPy prints a 3-D array: n blocks of m rows of T values. */
    public static String array(Tensor3 x) {
        if (x == null) {
            throw new IllegalArgumentException("x is null");
        }
        return format(x.toCOrder(), x.n(), x.m(), x.T());
    }

    /**
     * Values in C order (last index fastest) of an array of the given shape, as NumPy prints it.
     * An empty array prints as {@code []}.
     */
    public static String format(double[] cOrder, int... shape) {
        if (cOrder == null) {
            throw new IllegalArgumentException("cOrder is null");
        }
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("shape must have at least one dimension");
        }
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " has a negative dimension");
            }
            size *= d;
        }
        if (size != cOrder.length) {
            throw new IllegalArgumentException("cOrder has " + cOrder.length + " values but shape "
                    + java.util.Arrays.toString(shape) + " needs " + size);
        }
        if (size == 0) {
            return "[]";
        }
        boolean summarise = size > THRESHOLD;
        // NumPy chooses the notation and widths from the entries it shows, not from the whole array.
        List<Double> shown = new ArrayList<>();
        collect(cOrder, shape, 0, 0, summarise, shown);
        Formatter f = new Formatter(shown.stream().mapToDouble(Double::doubleValue).toArray());
        return new Printer(cOrder, shape, summarise, f).recurse(0, 0, " ", LINE_WIDTH);
    }

    private static int stride(int[] shape, int axis) {
        int s = 1;
        for (int k = axis + 1; k < shape.length; k++) {
            s *= shape[k];
        }
        return s;
    }

    private static int[] shownIndices(int length, boolean summarise) {
        if (summarise && length > 2 * EDGE_ITEMS) {
            int[] idx = new int[2 * EDGE_ITEMS];
            for (int k = 0; k < EDGE_ITEMS; k++) {
                idx[k] = k;
                idx[EDGE_ITEMS + k] = length - EDGE_ITEMS + k;
            }
            return idx;
        }
        int[] idx = new int[length];
        for (int k = 0; k < length; k++) {
            idx[k] = k;
        }
        return idx;
    }

    private static void collect(double[] data, int[] shape, int axis, int offset, boolean summarise, List<Double> out) {
        for (int i : shownIndices(shape[axis], summarise)) {
            int at = offset + i * stride(shape, axis);
            if (axis == shape.length - 1) {
                out.add(data[at]);
            } else {
                collect(data, shape, axis + 1, at, summarise, out);
            }
        }
    }

    /** NumPy's {@code _formatArray}: nested brackets, hanging indents, wrapped rows, "..." where summarised. */
    private static final class Printer {
        private final double[] data;
        private final int[] shape;
        private final boolean summarise;
        private final Formatter f;

        Printer(double[] data, int[] shape, boolean summarise, Formatter f) {
            this.data = data;
            this.shape = shape;
            this.summarise = summarise;
            this.f = f;
        }

        String recurse(int axis, int offset, String hanging, int width) {
            int length = shape[axis];
            boolean cut = summarise && length > 2 * EDGE_ITEMS;
            int[] idx = shownIndices(length, summarise);
            String nextHanging = hanging + " ";
            int nextWidth = width - 1;
            int stride = stride(shape, axis);
            StringBuilder s = new StringBuilder();
            if (axis == shape.length - 1) {
                // An element other than the last must leave room for one closing bracket.
                int elemWidth = width - 1;
                StringBuilder line = new StringBuilder(hanging);
                for (int k = 0; k < idx.length; k++) {
                    boolean last = k == idx.length - 1;
                    if (cut && k == EDGE_ITEMS) {
                        line = extend(s, line, "...", elemWidth, hanging).append(' ');
                    }
                    line = extend(s, line, f.format(data[offset + idx[k]]), last ? width : elemWidth, hanging);
                    if (!last) {
                        line.append(' ');
                    }
                }
                s.append(line);
            } else {
                String sep = "\n".repeat(shape.length - axis - 1);
                for (int k = 0; k < idx.length; k++) {
                    if (cut && k == EDGE_ITEMS) {
                        s.append(hanging).append("...").append(sep);
                    }
                    s.append(hanging).append(recurse(axis + 1, offset + idx[k] * stride, nextHanging, nextWidth));
                    if (k < idx.length - 1) {
                        s.append(sep);
                    }
                }
            }
            return "[" + s.substring(hanging.length()) + "]";
        }

        /** Appends {@code word} to {@code line}, first moving the line to {@code s} if the word would not fit. */
        private static StringBuilder extend(StringBuilder s, StringBuilder line, String word, int width, String hanging) {
            if (line.length() + word.length() > width && line.length() > hanging.length()) {
                s.append(line.toString().replaceFirst("\\s+$", "")).append('\n');
                line = new StringBuilder(hanging);
            }
            return line.append(word);
        }
    }

    /** NumPy's {@code FloatingFormat} in its default mode ({@code maxprec}, precision 8). */
    private static final class Formatter {
        private final boolean scientific;
        private final int padLeft;
        private final int padRight;
        private final int fractionDigits;
        private final int exponentDigits;

        Formatter(double[] shown) {
            double max = 0;
            double min = Double.POSITIVE_INFINITY;
            for (double v : shown) {
                double a = Math.abs(v);
                if (Double.isFinite(v) && a != 0) {
                    max = Math.max(max, a);
                    min = Math.min(min, a);
                }
            }
            scientific = max > 0 && (max >= 1e8 || min < 1e-4 || max / min > 1e3);
            int left = 0;
            int right = 0;
            int frac = 0;
            int exp = 2;
            for (double v : shown) {
                if (!Double.isFinite(v)) {
                    continue;
                }
                if (scientific) {
                    String[] parts = mantissaAndExponent(v);
                    int dot = parts[0].indexOf('.');
                    left = Math.max(left, dot);
                    frac = Math.max(frac, parts[0].length() - dot - 1);
                    exp = Math.max(exp, parts[1].length());
                } else {
                    String p = positional(v);
                    int dot = p.indexOf('.');
                    left = Math.max(left, dot);
                    right = Math.max(right, p.length() - dot);
                }
            }
            padLeft = left;
            fractionDigits = frac;
            exponentDigits = exp;
            padRight = scientific ? 0 : right;
        }

        String format(double v) {
            String s;
            if (Double.isNaN(v)) {
                s = "nan";
            } else if (Double.isInfinite(v)) {
                s = v > 0 ? "inf" : "-inf";
            } else if (scientific) {
                String[] parts = mantissaAndExponent(v);
                int dot = parts[0].indexOf('.');
                String mantissa = parts[0] + "0".repeat(fractionDigits - (parts[0].length() - dot - 1));
                String digits = parts[1].startsWith("-") ? parts[1].substring(1) : parts[1];
                String sign = parts[1].startsWith("-") ? "-" : "+";
                s = mantissa + "e" + sign + "0".repeat(Math.max(0, exponentDigits - digits.length())) + digits;
                return " ".repeat(Math.max(0, padLeft - dot)) + s;
            } else {
                s = positional(v);
                int dot = s.indexOf('.');
                return " ".repeat(Math.max(0, padLeft - dot)) + s + " ".repeat(Math.max(0, padRight - (s.length() - dot)));
            }
            // nan and inf are right-aligned in the width of the other entries.
            int width = scientific ? padLeft + 1 + fractionDigits + 2 + exponentDigits : padLeft + padRight;
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }

        /** "-1.5" or "2." : at most 8 fractional digits, trailing zeros dropped, the dot kept. */
        private static String positional(double v) {
            BigDecimal b = new BigDecimal(v).setScale(PRECISION, RoundingMode.HALF_EVEN).stripTrailingZeros();
            String s = b.scale() <= 0 ? b.setScale(0).toPlainString() + "." : b.toPlainString();
            if ((v < 0 || (v == 0 && 1 / v < 0)) && !s.startsWith("-")) {
                s = "-" + s;
            }
            return s;
        }

        /** {"-1.2345", "-05"}: at most 8 fractional digits in the mantissa, trailing zeros dropped, and the exponent. */
        private static String[] mantissaAndExponent(double v) {
            String sign = (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : "";
            if (v == 0) {
                return new String[] {sign + "0.", "0"};
            }
            BigDecimal b = new BigDecimal(Math.abs(v)).round(new java.math.MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
            int exp = b.precision() - b.scale() - 1;
            String digits = b.unscaledValue().toString();
            digits = digits.replaceFirst("0+$", "");
            if (digits.isEmpty()) {
                digits = "0";
            }
            String mantissa = digits.charAt(0) + "." + digits.substring(1);
            return new String[] {sign + mantissa, (exp < 0 ? "-" : "") + Math.abs(exp)};
        }
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
}
