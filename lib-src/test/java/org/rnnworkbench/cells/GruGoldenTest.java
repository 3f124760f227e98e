package org.rnnworkbench.cells;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rnnworkbench.tensor.Tensor3;

/** The GRU functions against the NumPy reference, every stored case, relative tolerance 1e-10. */
class GruGoldenTest {

    private static Gru.Output output(Fixture f) {
        return f.softmaxOutput() ? Gru.Output.SOFTMAX : Gru.Output.LINEAR;
    }

    @TestFactory
    Stream<DynamicTest> gruCellForward() {
        return Fixture.tests("gru_cell_forward.json", f -> {
            GruCellResult r = Gru.gruCellForward(f.m("xt"), f.m("a_prev"), f.gru(), output(f));
            f.expect("a_next", r.aNext());
            f.expect("yt_pred", r.yPred());
            f.expect("zt", r.cache().zt());
            f.expect("rt", r.cache().rt());
            f.expect("hht", r.cache().hht());
            if (!f.softmaxOutput()) {
                // the three-argument form is the assignment's linear output
                f.expect("yt_pred", Gru.gruCellForward(f.m("xt"), f.m("a_prev"), f.gru()).yPred());
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> gruForward() {
        return Fixture.tests("gru_forward.json", f -> {
            Tensor3 x = f.t("x");
            GruForwardResult r = Gru.gruForward(x, f.m("a0"), f.gru(), output(f));
            f.expect("a", r.a());
            f.expect("y_pred", r.yPred());
            assertSame(x, r.caches().x());
            if (!f.softmaxOutput()) {
                f.expect("y_pred", Gru.gruForward(x, f.m("a0"), f.gru()).yPred());
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> gruCellBackward() {
        return Fixture.tests("gru_cell_backward.json", f -> {
            GruCellResult fwd = Gru.gruCellForward(f.m("xt"), f.m("a_prev"), f.gru());
            GruCellGradients g = Gru.gruCellBackward(f.m("da_next"), fwd.cache());
            for (String name : GruCellGradients.NAMES) {
                f.expect(name, g.get(name));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> gruBackward() {
        return Fixture.tests("gru_backward.json", f -> {
            GruForwardResult fwd = Gru.gruForward(f.t("x"), f.m("a0"), f.gru());
            GruGradients g = Gru.gruBackward(f.t("da"), fwd.caches());
            f.expect("dx", g.dx());
            for (String name : List.of("da0", "dWz", "dWr", "dWh")) {
                f.expect(name, g.get(name));
            }
        });
    }
}
