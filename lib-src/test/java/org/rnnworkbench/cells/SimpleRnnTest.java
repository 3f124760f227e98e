package org.rnnworkbench.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.TestRandom;
import org.rnnworkbench.gradcheck.GradientCheck;
import org.rnnworkbench.tensor.Tensor3;

class SimpleRnnTest {

    private static Tensor3 scalarSequence(double... values) {
        Tensor3 s = new Tensor3(1, 1, values.length);
        for (int t = 0; t < values.length; t++) {
            s.set(0, 0, t, values[t]);
        }
        return s;
    }

    /** The classic exercise, with every expected number derived from its hand formulas. */
    @Test
    void textbookExercise() {
        double h0 = 1, x1 = 10, x2 = 10, y1 = 5, y2 = 5, Wh = 1, Wx = 0.1, Wy = 2;
        double h1 = Wh * h0 + Wx * x1;
        double h2 = Wh * h1 + Wx * x2;
        double yHat1 = Wy * h1;
        double yHat2 = Wy * h2;
        double L = (yHat1 - y1) * (yHat1 - y1) + (yHat2 - y2) * (yHat2 - y2);
        double dh2 = Wy * 2 * (yHat2 - y2);
        double dh1 = Wy * 2 * (yHat1 - y1) + Wh * dh2;
        double dWh = dh1 * h0 + dh2 * h1;
        double dWx = dh1 * x1 + dh2 * x2;
        double dWy = 2 * (yHat1 - y1) * h1 + 2 * (yHat2 - y2) * h2;

        var p = SimpleRnn.Parameters.scalar(Wh, Wx, Wy);
        var f = SimpleRnn.forward(scalarSequence(x1, x2), new DMatrixRMaj(1, 1, true, h0), p, Activation.IDENTITY);
        Tensor3 y = scalarSequence(y1, y2);
        var g = SimpleRnn.backward(f, y);
        double tol = 1e-12;
        assertEquals(yHat1, f.yHat().get(0, 0, 0), tol);
        assertEquals(yHat2, f.yHat().get(0, 0, 1), tol);
        assertEquals(L, SimpleRnn.loss(f, y), tol);
        assertEquals(dh1, g.dh().get(0, 0, 0), tol);
        assertEquals(dh2, g.dh().get(0, 0, 1), tol);
        assertEquals(dWh, g.dWh().get(0, 0), tol);
        assertEquals(dWx, g.dWx().get(0, 0), tol);
        assertEquals(dWy, g.dWy().get(0, 0), tol);
        assertEquals(Wh * dh1, g.dh0().get(0, 0), tol);
        // The exercise's numbers as a sanity check of the formulas above: ŷ = 4, 6; L = 2; ∂L/∂Wh = 8.
        assertEquals(4, yHat1, tol);
        assertEquals(6, yHat2, tol);
        assertEquals(2, L, tol);
        assertEquals(8, dWh, tol);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientCheck(Activation activation) {
        int nH = 4, nX = 3, nY = 2, m = 3, T = 5;
        // ReLU has a kink at 0: take the first seed whose pre-activations all stay 0.02 away from it, so
        // the ±2ε (ε = 1e-3) steps of the check never cross it. The other activations use the same draw.
        for (long seed = 1; ; seed++) {
            var r = new TestRandom(seed, 0.6);
            var p = new SimpleRnn.Parameters(r.matrix(nH, nH), r.matrix(nH, nX), r.matrix(nY, nH));
            Tensor3 x = r.tensor(nX, m, T);
            DMatrixRMaj h0 = r.matrix(nH, m);
            Tensor3 y = r.tensor(nY, m, T);
            if (awayFromZero(SimpleRnn.forward(x, h0, p, Activation.RELU), 0.02)) {
                check(activation, p, x, h0, y);
                return;
            }
        }
    }

    private static boolean awayFromZero(SimpleRnn.Forward f, double margin) {
        for (int t = 0; t < f.z().T(); t++) {
            for (double z : f.z().slice(t).data) {
                if (Math.abs(z) < margin) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void check(Activation activation, SimpleRnn.Parameters p, Tensor3 x, DMatrixRMaj h0, Tensor3 y) {
        var f = SimpleRnn.forward(x, h0, p, activation);
        var g = SimpleRnn.backward(f, y);
        GradientCheck.Result result = GradientCheck.of(() -> SimpleRnn.loss(SimpleRnn.forward(x, h0, p, activation), y))
                .wrt("Wh", p.Wh(), g.dWh())
                .wrt("Wx", p.Wx(), g.dWx())
                .wrt("Wy", p.Wy(), g.dWy())
                .wrt("h0", h0, g.dh0())
                .wrt("x", x, g.dx())
                .run();
        assertTrue(result.passed(), result.toString());
        assertTrue(result.maxRelativeError() < 1e-7, result.toString());
    }

    @Test
    void backwardFromHiddenMatchesFiniteDifferences() {
        var r = new TestRandom(5, 0.5);
        var p = new SimpleRnn.Parameters(r.matrix(3, 3), r.matrix(3, 2), r.matrix(1, 3));
        Tensor3 x = r.tensor(2, 2, 6);
        DMatrixRMaj h0 = r.matrix(3, 2);
        Tensor3 dhOutside = new Tensor3(3, 2, 6);
        dhOutside.slice(5).setTo(r.matrix(3, 2));
        var f = SimpleRnn.forward(x, h0, p, Activation.TANH);
        var g = SimpleRnn.backwardFromHidden(f, dhOutside);
        var result = GradientCheck.of(() -> GradientCheck.weightedSum(
                        SimpleRnn.forward(x, h0, p, Activation.TANH).h(), dhOutside))
                .wrt("Wh", p.Wh(), g.dWh())
                .wrt("h0", h0, g.dh0())
                .run();
        assertTrue(result.passed(), result.toString());
        assertEquals(0, CommonOps_DDRM.elementMaxAbs(g.dWy()));
        // dh at the last step is exactly what was injected.
        assertTrue(org.ejml.dense.row.MatrixFeatures_DDRM.isIdentical(dhOutside.slice(5), g.dh().slice(5), 0));
    }

    /** The measured ‖∂L/∂h⟨t⟩‖ never exceeds ‖dh⟨T⟩‖ · ‖Wh‖₂^(T−t) · ∏ max|σ′|. */
    @Property(tries = 60)
    void gradientNormStaysUnderTheBound(@ForAll("activations") Activation activation,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @DoubleRange(min = 0.1, max = 3) double scale,
            @ForAll @IntRange(min = 1, max = 3) int m) {
        var r = new TestRandom(seed);
        int nH = 6, T = 12;
        DMatrixRMaj wh = r.matrix(nH, nH);
        CommonOps_DDRM.scale(scale / Math.sqrt(nH), wh);
        var p = new SimpleRnn.Parameters(wh, r.matrix(nH, 2), r.matrix(1, nH));
        var f = SimpleRnn.forward(r.tensor(2, m, T), r.matrix(nH, m), p, activation);
        Tensor3 dhOutside = new Tensor3(nH, m, T);
        DMatrixRMaj dhLast = r.matrix(nH, m);
        dhOutside.slice(T - 1).setTo(dhLast);
        double[] measured = SimpleRnn.backwardFromHidden(f, dhOutside).dhNorms();
        double[] bound = SimpleRnn.gradientBound(f, dhLast);
        for (int t = 0; t < T; t++) {
            assertTrue(measured[t] <= bound[t] * (1 + 1e-12),
                    "t = " + (t + 1) + ": " + measured[t] + " > bound " + bound[t]);
        }
        assertEquals(bound[T - 1], measured[T - 1], 1e-12 * bound[T - 1]);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Activation> activations() {
        return net.jqwik.api.Arbitraries.of(Activation.class);
    }

    @Test
    void identityRnnBoundIsTightForAScalar() {
        // Scalar identity RNN: ∂L/∂h⟨t⟩ = Wh^(T−t)·dh⟨T⟩ exactly, the bound with equality.
        var p = SimpleRnn.Parameters.scalar(-0.8, 1, 1);
        var f = SimpleRnn.forward(scalarSequence(1, 2, 3, 4), new DMatrixRMaj(1, 1), p, Activation.IDENTITY);
        Tensor3 d = new Tensor3(1, 1, 4);
        d.set(0, 0, 3, 2.0);
        double[] measured = SimpleRnn.backwardFromHidden(f, d).dhNorms();
        double[] bound = SimpleRnn.gradientBound(f, d.slice(3));
        for (int t = 0; t < 4; t++) {
            assertEquals(2.0 * Math.pow(0.8, 3 - t), measured[t], 1e-15);
            assertEquals(measured[t], bound[t], 1e-15);
        }
    }

    @Test
    void shapeErrorsNameTheArguments() {
        var p = new SimpleRnn.Parameters(new DMatrixRMaj(3, 3), new DMatrixRMaj(3, 2), new DMatrixRMaj(1, 3));
        var e = assertThrows(IllegalArgumentException.class,
                () -> SimpleRnn.forward(new Tensor3(4, 1, 2), new DMatrixRMaj(3, 1), p, Activation.TANH));
        assertTrue(e.getMessage().contains("Wx"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SimpleRnn.forward(new Tensor3(2, 1, 2), new DMatrixRMaj(3, 2), p, Activation.TANH));
        assertTrue(e.getMessage().contains("h0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SimpleRnn.Parameters(new DMatrixRMaj(3, 2), new DMatrixRMaj(3, 2), new DMatrixRMaj(1, 3)));
        assertTrue(e.getMessage().contains("Wh"), e.getMessage());
        var f = SimpleRnn.forward(new Tensor3(2, 1, 2), new DMatrixRMaj(3, 1), p, Activation.TANH);
        e = assertThrows(IllegalArgumentException.class, () -> SimpleRnn.loss(f, new Tensor3(2, 1, 2)));
        assertTrue(e.getMessage().contains("y is"), e.getMessage());
    }
}
