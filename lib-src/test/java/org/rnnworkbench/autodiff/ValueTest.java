package org.rnnworkbench.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ValueTest {

    /** Central difference of f at x, on plain doubles through the same Value operations. */
    private static double numeric(Function<Value, Value> f, double x) {
        double e = 1e-5;
        return (f.apply(Value.of(x + e)).data() - f.apply(Value.of(x - e)).data()) / (2 * e);
    }

    private static double gradOf(Function<Value, Value> f, double x) {
        Value v = Value.of(x, "x");
        f.apply(v).backward();
        return v.grad();
    }

    @Test
    void eachOperationHasItsDerivative() {
        List<Function<Value, Value>> fs = List.of(
                v -> v.plus(3), v -> v.minus(3), v -> v.times(-2.5), v -> v.neg(), v -> v.square(),
                v -> v.pow(3), v -> v.pow(0.5), v -> v.tanh(), v -> v.relu(),
                v -> Value.of(2).minus(v), v -> v.times(v).times(v));
        for (double x : new double[] {0.3, 1.7, 2.2}) {
            for (Function<Value, Value> f : fs) {
                assertEquals(numeric(f, x), gradOf(f, x), 1e-8, "at x = " + x);
            }
        }
        assertEquals(0, gradOf(Value::relu, -0.5));
        assertEquals(0, gradOf(Value::relu, 0.0));
    }

    @Test
    void valuesAreTheForwardComputation() {
        Value a = Value.of(2, "a");
        Value b = Value.of(-3, "b");
        assertEquals(-1, a.plus(b).data());
        assertEquals(5, a.minus(b).data());
        assertEquals(-6, a.times(b).data());
        assertEquals(9, b.square().data());
        assertEquals(8, a.pow(3).data());
        assertEquals(Math.tanh(2), a.tanh().data());
        assertEquals(0, b.relu().data());
        assertEquals(2, a.relu().data());
    }

    @Test
    void sharedSubexpressionsAccumulate() {
        // f = (a·b + a)² with s = a·b + a used twice through the square; ∂f/∂a = 2s·(b + 1), ∂f/∂b = 2s·a.
        Value a = Value.of(1.5, "a");
        Value b = Value.of(-0.4, "b");
        Value s = a.times(b).plus(a);
        Value f = s.times(s);
        f.backward();
        double sv = 1.5 * -0.4 + 1.5;
        assertEquals(2 * sv * (-0.4 + 1), a.grad(), 1e-15);
        assertEquals(2 * sv * 1.5, b.grad(), 1e-15);
        assertEquals(2 * sv, s.grad(), 1e-15);
    }

    @Test
    void backwardTwiceGivesTheSameGradients() {
        Value a = Value.of(0.7, "a");
        Value f = a.tanh().times(a).plus(a.square());
        f.backward();
        double first = a.grad();
        f.backward();
        assertEquals(first, a.grad());
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Value x = Value.of(1.0, "x");
        Value h = x;
        for (int i = 0; i < 100_000; i++) {
            h = h.times(1.0).plus(0.0);
        }
        h.backward();
        assertEquals(1.0, x.grad());
        assertEquals(1 + 4 * 100_000, h.topologicalOrder().size()); // x, then a constant and a node per operation
    }

    @Test
    void topologicalOrderPutsInputsFirst() {
        Value a = Value.of(1, "a");
        Value b = a.times(2);
        Value c = b.plus(a);
        List<Value> order = c.topologicalOrder();
        assertEquals(c, order.get(order.size() - 1));
        assertTrue(order.indexOf(a) < order.indexOf(b));
        assertTrue(order.indexOf(b) < order.indexOf(c));
        assertEquals(4, order.size()); // a, the constant 2, b, c
    }

    @Test
    void nullArgumentsAreNamed() {
        Value a = Value.of(1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.plus((Value) null)).getMessage()
                .contains("other"));
        assertThrows(IllegalArgumentException.class, () -> Value.of(1, null));
    }

    /** A two-step tanh RNN with shared weights: every leaf's gradient matches a central difference. */
    @Property(tries = 100)
    void rnnGraphMatchesFiniteDifferences(@ForAll @DoubleRange(min = -1.5, max = 1.5) double wh,
            @ForAll @DoubleRange(min = -1.5, max = 1.5) double wx, @ForAll @DoubleRange(min = -2, max = 2) double wy) {
        double[] p = {wh, wx, wy};
        double[] analytic = new double[3];
        Value[] leaves = {Value.of(wh, "Wh"), Value.of(wx, "Wx"), Value.of(wy, "Wy")};
        rnnLoss(leaves).backward();
        for (int i = 0; i < 3; i++) {
            analytic[i] = leaves[i].grad();
        }
        for (int i = 0; i < 3; i++) {
            double e = 1e-5;
            double[] plus = p.clone();
            double[] minus = p.clone();
            plus[i] += e;
            minus[i] -= e;
            double num = (rnnLoss(leavesOf(plus)).data() - rnnLoss(leavesOf(minus)).data()) / (2 * e);
            assertEquals(num, analytic[i], 1e-6 * Math.max(1, Math.abs(num)), "parameter " + i);
        }
    }

    private static Value[] leavesOf(double[] p) {
        return new Value[] {Value.of(p[0]), Value.of(p[1]), Value.of(p[2])};
    }

    private static Value rnnLoss(Value[] w) {
        Value h = Value.of(0.5);
        Value loss = Value.of(0);
        double[] x = {1.0, -0.5, 2.0};
        double[] y = {0.3, -0.2, 0.8};
        for (int t = 0; t < x.length; t++) {
            h = w[0].times(h).plus(w[1].times(x[t])).tanh();
            loss = loss.plus(w[2].times(h).minus(y[t]).square());
        }
        return loss;
    }
}
