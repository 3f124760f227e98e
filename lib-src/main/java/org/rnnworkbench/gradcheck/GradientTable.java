package org.rnnworkbench.gradcheck;

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
        return Table.create("Gradient check (epsilon " + result.epsilon() + ", threshold " + result.threshold() + ")",
                parameter, shape, relative, maxAbs, passed);
    }
}
