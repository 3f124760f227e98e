package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.cells.RnnParameters;

class CharRnnTest {
    private static final double TOL = 1e-10;
    private static final JsonObject FIXTURE = Golden.load("lm_rnn.json");

    @Test
    void forwardMatchesNumpy() {
        int n = 0;
        for (JsonElement e : FIXTURE.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            RnnParameters p = LmFixtures.parameters(c.getAsJsonObject("parameters"));
            int[] X = LmFixtures.indices(c.get("X"));
            int[] Y = LmFixtures.indices(c.get("Y"));
            DMatrixRMaj a0 = Golden.matrix(c.get("a0"));
            CharRnn.Forward f = CharRnn.rnnForward(X, Y, a0, p);
            String what = "case " + n++;
            Golden.assertClose(what + " loss", new double[] {c.get("loss").getAsDouble()}, new double[] {f.loss()}, TOL);
            DMatrixRMaj a = Golden.matrix(c.get("a"));
            DMatrixRMaj yHat = Golden.matrix(c.get("y_hat"));
            for (int t = 0; t < X.length; t++) {
                Golden.assertClose(what + " a[" + t + "]", column(a, t), f.cache().a()[t].data, TOL);
                Golden.assertClose(what + " y_hat[" + t + "]", column(yHat, t), f.cache().yHat()[t].data, TOL);
            }
            Golden.assertClose(what + " aLast", column(a, X.length - 1), f.cache().aLast().data, TOL);
        }
    }

    @Test
    void backwardMatchesNumpy() {
        int n = 0;
        for (JsonElement e : FIXTURE.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            RnnParameters p = LmFixtures.parameters(c.getAsJsonObject("parameters"));
            CharRnn.Forward f = CharRnn.rnnForward(LmFixtures.indices(c.get("X")), LmFixtures.indices(c.get("Y")),
                    Golden.matrix(c.get("a0")), p);
            CharRnn.Backward b = CharRnn.rnnBackward(f.cache(), p);
            String what = "case " + n++;
            LmFixtures.assertGradients(what, c.getAsJsonObject("gradients"), b.gradients(), TOL);
            Golden.assertClose(what + " da0", c.get("da_next"), b.da0(), TOL);
        }
    }

    @Test
    void forwardDoesNotModifyItsInputs() {
        JsonObject c = FIXTURE.getAsJsonArray("cases").get(0).getAsJsonObject();
        RnnParameters p = LmFixtures.parameters(c.getAsJsonObject("parameters"));
        RnnParameters before = p.copy();
        DMatrixRMaj a0 = Golden.matrix(c.get("a0"));
        int[] X = LmFixtures.indices(c.get("X"));
        CharRnn.Forward f = CharRnn.rnnForward(X, LmFixtures.indices(c.get("Y")), a0, p);
        CharRnn.rnnBackward(f.cache(), p);
        LmFixtures.assertParameters("parameters", c.getAsJsonObject("parameters"), p, 0);
        Golden.assertClose("a0", c.get("a0"), a0, 0);
        Golden.assertClose("a0 in cache", c.get("a0"), f.cache().a0(), 0);
        assertEquals(before.Waa().get(0, 0), p.Waa().get(0, 0));
    }

    /** Every gradient entry (and da0) against central differences of the loss. */
    @Test
    void gradientsAgreeWithCentralDifferences() {
        Random r = new Random(7);
        for (int trial = 0; trial < 3; trial++) {
            int nA = 3 + trial * 2;
            int v = 4 + trial;
            RnnParameters p = randomParameters(r, nA, v, 0.7);
            DMatrixRMaj a0 = gaussian(r, nA, 1, 0.5);
            int T = 3 + 3 * trial;
            int[] X = new int[T];
            int[] Y = new int[T];
            for (int t = 0; t < T; t++) {
                X[t] = t == 0 ? CharRnn.NONE : r.nextInt(v);
                Y[t] = r.nextInt(v);
            }
            CharRnn.Backward b = CharRnn.rnnBackward(CharRnn.rnnForward(X, Y, a0, p).cache(), p);
            String[] params = {"Wax", "Waa", "Wya", "b", "by"};
            for (String name : params) {
                checkNumerically(name, p.get(name), b.gradients().get("d" + name), () -> CharRnn.rnnForward(X, Y, a0, p).loss());
            }
            checkNumerically("a0", a0, b.da0(), () -> CharRnn.rnnForward(X, Y, a0, p).loss());
        }
    }

    @Test
    void updateParametersTakesOneSgdStep() {
        Random r = new Random(3);
        RnnParameters p = randomParameters(r, 3, 4, 1);
        RnnParameters before = p.copy();
        Gradients g = Gradients.zerosLike(p);
        for (String k : Gradients.NAMES) {
            DMatrixRMaj m = g.get(k);
            for (int i = 0; i < m.getNumElements(); i++) {
                m.data[i] = r.nextGaussian();
            }
        }
        CharRnn.updateParameters(p, g, 0.1);
        for (String k : new String[] {"Wax", "Waa", "Wya", "b", "by"}) {
            DMatrixRMaj w = p.get(k);
            DMatrixRMaj dw = g.get("d" + k);
            for (int i = 0; i < w.getNumElements(); i++) {
                assertEquals(before.get(k).data[i] + -0.1 * dw.data[i], w.data[i], 0, k + "[" + i + "]");
            }
        }
    }

    @Test
    void smoothingAndInitialLoss() {
        assertEquals(-Math.log(1.0 / 25) * 7, CharRnn.initialLoss(25, 7), 0);
        assertEquals(10 * 0.999 + 20 * 0.001, CharRnn.smooth(10, 20), 0);
    }

    @Test
    void badArgumentsAreNamed() {
        RnnParameters p = RnnParameters.zeros(3, 4, 4);
        DMatrixRMaj a0 = new DMatrixRMaj(3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CharRnn.rnnForward(new int[] {CharRnn.NONE, 1}, new int[] {1}, a0, p));
        assertTrue(e.getMessage().contains("X has 2 entries but Y has 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CharRnn.rnnForward(new int[] {CharRnn.NONE, 4}, new int[] {1, 2}, a0, p));
        assertTrue(e.getMessage().contains("X[1] = 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CharRnn.rnnForward(new int[] {CharRnn.NONE}, new int[] {-1}, a0, p));
        assertTrue(e.getMessage().contains("Y[0] = -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CharRnn.rnnForward(new int[] {CharRnn.NONE}, new int[] {0}, new DMatrixRMaj(4, 1), p));
        assertTrue(e.getMessage().contains("a0 is (4,1) but must be (3,1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CharRnn.rnnForward(new int[0], new int[0], a0, p));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CharRnn.updateParameters(p, Gradients.zerosLike(RnnParameters.zeros(3, 5, 5)), 0.01));
        assertTrue(e.getMessage().contains("dWax is (3,5) but Wax is (3,4)"), e.getMessage());
    }

    private static void checkNumerically(String name, DMatrixRMaj w, DMatrixRMaj analytic,
            java.util.function.DoubleSupplier loss) {
        double h = 1e-5;
        for (int i = 0; i < w.getNumElements(); i++) {
            double old = w.data[i];
            w.data[i] = old + h;
            double plus = loss.getAsDouble();
            w.data[i] = old - h;
            double minus = loss.getAsDouble();
            w.data[i] = old;
            double numeric = (plus - minus) / (2 * h);
            double a = analytic.data[i];
            double rel = Math.abs(numeric - a) / Math.max(1e-8, Math.abs(numeric) + Math.abs(a));
            assertTrue(rel < 1e-7 || Math.abs(numeric - a) < 1e-9,
                    "d" + name + "[" + i + "]: analytic " + a + ", numeric " + numeric + ", relative " + rel);
        }
    }

    static RnnParameters randomParameters(Random r, int nA, int v, double scale) {
        return new RnnParameters(gaussian(r, nA, nA, scale), gaussian(r, nA, v, scale), gaussian(r, v, nA, scale),
                gaussian(r, nA, 1, scale), gaussian(r, v, 1, scale));
    }

    static DMatrixRMaj gaussian(Random r, int rows, int cols, double scale) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = r.nextGaussian() * scale;
        }
        return m;
    }

    private static double[] column(DMatrixRMaj m, int t) {
        double[] c = new double[m.numRows];
        for (int i = 0; i < c.length; i++) {
            c[i] = m.get(i, t);
        }
        return c;
    }
}
