package org.rnnworkbench.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scalar in a computation graph, for reverse-mode automatic differentiation by hand-sized examples
 * (the BPTT exercise, a check of a derivation). Every operation returns a new node that remembers its
 * inputs and the local derivative with respect to each; {@link #backward()} on the final node fills
 * {@link #grad()} of every node it depends on.
 *
 * <p>Call order: build the expression from leaves ({@link #of(double, String)}), call
 * {@link #backward()} once on the result, read {@code grad()} of the leaves. A node used twice (a
 * shared sub-expression, a weight used at every time step) receives the sum of both contributions.
 * Calling {@code backward()} again first resets the gradients of the graph, so it gives the same result.
 * Not thread-safe; graphs are small, and the traversal is iterative, so deep graphs are fine.
 */
public final class Value {
    private final double data;
    private final String label;
    private final String op;
    private final Value[] parents;
    private final double[] localGrads;
    private double grad;

    private Value(double data, String label, String op, Value[] parents, double[] localGrads) {
        this.data = data;
        this.label = label;
        this.op = op;
        this.parents = parents;
        this.localGrads = localGrads;
    }

    /** A leaf (input or parameter) holding {@code data}, named {@code label} for printing. */
    public static Value of(double data, String label) {
        if (label == null) {
            throw new IllegalArgumentException("label is null (use \"\" for an unnamed leaf)");
        }
        return new Value(data, label, "", new Value[0], new double[0]);
    }

    /** An unnamed leaf, e.g. a constant. */
    public static Value of(double data) {
        return of(data, "");
    }

    private static Value node(double data, String op, Value[] parents, double[] localGrads) {
        return new Value(data, "", op, parents, localGrads);
    }

    private static Value checked(String name, Value v) {
        if (v == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return v;
    }

    /** The value computed by the forward pass. */
    public double data() {
        return data;
    }

    /** ∂(node on which backward() was called)/∂this; 0 before backward(). */
    public double grad() {
        return grad;
    }

    /** The leaf's name, or "" for computed nodes. */
    public String label() {
        return label;
    }

    /** The operation that made this node ("+", "*", "tanh", …), "" for a leaf. */
    public String op() {
        return op;
    }

    /** The inputs of the operation that made this node (empty for a leaf). */
    public List<Value> parents() {
        return List.of(parents);
    }

    /** this + other. */
    public Value plus(Value other) {
        checked("other", other);
        return node(data + other.data, "+", new Value[] {this, other}, new double[] {1, 1});
    }

    /** this + c. */
    public Value plus(double c) {
        return plus(of(c));
    }

    /** this − other. */
    public Value minus(Value other) {
        checked("other", other);
        return node(data - other.data, "-", new Value[] {this, other}, new double[] {1, -1});
    }

    /** this − c. */
    public Value minus(double c) {
        return minus(of(c));
    }

    /** this · other. */
    public Value times(Value other) {
        checked("other", other);
        return node(data * other.data, "*", new Value[] {this, other}, new double[] {other.data, data});
    }

    /** this · c. */
    public Value times(double c) {
        return times(of(c));
    }

    /** −this. */
    public Value neg() {
        return node(-data, "neg", new Value[] {this}, new double[] {-1});
    }

    /** this², derivative 2·this. */
    public Value square() {
        return node(data * data, "square", new Value[] {this}, new double[] {2 * data});
    }

    /** this^p for a constant exponent p, derivative p·this^(p−1). */
    public Value pow(double p) {
        return node(Math.pow(data, p), "pow " + p, new Value[] {this}, new double[] {p * Math.pow(data, p - 1)});
    }

    /** tanh(this), derivative 1 − tanh². */
    public Value tanh() {
        double t = Math.tanh(data);
        return node(t, "tanh", new Value[] {this}, new double[] {1 - t * t});
    }

    /** max(0, this), derivative 1 for positive input and 0 otherwise (0 at 0, as the RNN code uses). */
    public Value relu() {
        return node(Math.max(0, data), "relu", new Value[] {this}, new double[] {data > 0 ? 1 : 0});
    }

    /**
     * Fills grad() of every node this one depends on with ∂this/∂node, visiting the nodes in reverse
     * topological order so that each node's gradient is complete before it is passed on.
     */
    public void backward() {
        List<Value> order = topologicalOrder();
        for (Value v : order) {
            v.grad = 0;
        }
        grad = 1;
        for (int k = order.size() - 1; k >= 0; k--) {
            Value v = order.get(k);
            for (int i = 0; i < v.parents.length; i++) {
                v.parents[i].grad += v.localGrads[i] * v.grad;
            }
        }
    }

    /** The nodes this one depends on (itself included), each after all of its inputs. */
    public List<Value> topologicalOrder() {
        List<Value> order = new ArrayList<>();
        Map<Value, Boolean> seen = new IdentityHashMap<>();
        // Iterative depth-first search: a node is emitted when all of its parents have been emitted.
        Deque<Value> stack = new ArrayDeque<>();
        Deque<Integer> next = new ArrayDeque<>();
        stack.push(this);
        next.push(0);
        seen.put(this, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Value v = stack.peek();
            int i = next.pop();
            if (i < v.parents.length) {
                next.push(i + 1);
                Value p = v.parents[i];
                if (seen.put(p, Boolean.TRUE) == null) {
                    stack.push(p);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(v);
            }
        }
        return Collections.unmodifiableList(order);
    }

    @Override
    public String toString() {
        String name = label.isEmpty() ? (op.isEmpty() ? "const" : op) : label;
        return "Value(" + name + ", data=" + data + ", grad=" + grad + ")";
    }
}
