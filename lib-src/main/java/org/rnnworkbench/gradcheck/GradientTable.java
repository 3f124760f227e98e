package org.rnnworkbench.gradcheck;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Builds the Tablesaw view of a {@link GradientCheck.Result}. */
final class GradientTable {
    private GradientTable() {}

    static Table of(GradientCheck.Result result) {
        StringColumn parameter = StringColumn.create("parameter");
        StringColumn shape = StringColumn.create("shape");
        DoubleColumn relative = DoubleColumn.create("relative error");
        DoubleColumn maxAbs = DoubleColumn.create("max abs diff");
        BooleanColumn passed = BooleanColumn.create("passed");
        for (GradientCheck.Entry e : result.entries()) {
            parameter.append(e.parameter());
            shape.append(e.shape());
            relative.append(e.relativeError());
            maxAbs.append(e.maxAbsDiff());
            passed.append(e.passed());
        }
        // Errors span 1e-16 to 1: scientific notation keeps their digits readable (a fixed format shows zeros).
        relative.setPrintFormatter(scientific(), "NaN");
        maxAbs.setPrintFormatter(scientific(), "NaN");
        String name = String.format(Locale.ROOT, "Gradient check (epsilon %.0e, passes below %.0e)", result.epsilon(),
                result.threshold());
        return Table.create(name, parameter, shape, relative, maxAbs, passed);
    }

    /** Three significant digits with a lowercase exponent, as NumPy and Python write them: 1.23e-12. */
    private static DecimalFormat scientific() {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        symbols.setExponentSeparator("e");
        return new DecimalFormat("0.00E0", symbols);
    }
}
