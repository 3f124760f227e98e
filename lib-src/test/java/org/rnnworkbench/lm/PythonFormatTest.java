package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class PythonFormatTest {
    @Test
    void matchesPythonPercentF() {
        // Each expected string is what CPython prints for '%f' % x (or '%.Nf').
        assertEquals("23.087336", PythonFormat.percentF(23.0873360));
        assertEquals("0.000000", PythonFormat.percentF(0.0));
        assertEquals("-0.000000", PythonFormat.percentF(-0.0));
        assertEquals("-0.000000", PythonFormat.percentF(-1e-7));
        assertEquals("0.12", PythonFormat.percentF(0.125, 2), "an exact tie rounds to even");
        assertEquals("0.38", PythonFormat.percentF(0.375, 2));
        assertEquals("2.67", PythonFormat.percentF(2.675, 2), "2.675 is stored just below the tie");
        assertEquals("100000000000000000000.000000", PythonFormat.percentF(1e20));
        assertEquals("nan", PythonFormat.percentF(Double.NaN));
        assertEquals("inf", PythonFormat.percentF(Double.POSITIVE_INFINITY));
        assertEquals("-inf", PythonFormat.percentF(Double.NEGATIVE_INFINITY));
        assertEquals("2", PythonFormat.percentF(2.5, 0));
    }

    @Test
    void ignoresTheDefaultLocale() {
        Locale old = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1.500000", PythonFormat.percentF(1.5));
        } finally {
            Locale.setDefault(old);
        }
    }
}
