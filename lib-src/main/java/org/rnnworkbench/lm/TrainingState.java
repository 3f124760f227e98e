package org.rnnworkbench.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.tensor.Shapes;

/**
 * Everything the training loop carries from one iteration to the next, so that a run continued
 * from a state gives the same losses, bit for bit, as a run that never stopped. The trainer is
 * plain SGD and sampling re-seeds NumPy's generator at every draw, so there is no optimizer or
 * random state beyond these five values.
 *
 * @param parameters the parameters after {@code iteration} updates; held, not copied
 * @param iteration how many iterations are done: the next one to run is {@code iteration}
 * @param smoothedLoss the smoothed loss after those iterations (the initial loss when none is done)
 * @param aPrev the hidden state (n_a, 1) carried into the next example; held, not copied
 * @param order the shuffled example order: iteration {@code j} trains on example {@code order[j % n]}
 *     of the data set; a permutation of {@code 0..n−1}, copied
 */
public record TrainingState(RnnParameters parameters, int iteration, double smoothedLoss, DMatrixRMaj aPrev,
        int[] order) {

    /** Checks the values and copies the order. */
    public TrainingState {
        Objects.requireNonNull(parameters, "parameters");
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0 but was " + iteration);
        }
        if (!Double.isFinite(smoothedLoss)) {
            throw new IllegalArgumentException("smoothedLoss must be finite but was " + smoothedLoss);
        }
        Shapes.require("aPrev", aPrev, parameters.nA(), 1);
        Objects.requireNonNull(order, "order");
        order = order.clone();
        checkPermutation(order);
    }

    /**
     * The state before the first iteration, as the assignment's {@code model} sets it up: parameters
     * from {@code np.random.seed(options.initSeed())}, smoothed loss {@code −log(1/V)·samples}, zero
     * hidden state, examples shuffled with {@code np.random.seed(0); np.random.shuffle}.
     */
    public static TrainingState initial(Dataset data, TrainingOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        int v = data.vocabulary().size();
        RnnParameters p = CharRnn.initializeParameters(options.nA(), v, v, options.initSeed());
        return new TrainingState(p, 0, CharRnn.initialLoss(v, options.samplesPerCheckpoint()),
                new DMatrixRMaj(options.nA(), 1), shuffledOrder(data.size()));
    }

    /** {@code 0..n−1} shuffled with {@code np.random.seed(0); np.random.shuffle}, as the assignment shuffles its examples. */
    public static int[] shuffledOrder(int n) {
        Shapes.positive("n", n);
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        new NumpyRandom(0).shuffle(order);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The order, a copy. */
    @Override
    public int[] order() {
        return order.clone();
    }

    /** The example iteration {@code j} trains on: {@code order[j % n]}. */
    public int exampleAt(int j) {
        return order[j % order.length];
    }

    /** Number of examples the order runs over. */
    public int numExamples() {
        return order.length;
    }

    /** A deep copy: parameters and hidden state copied, so the trainer's later updates do not reach it. */
    public TrainingState copy() {
        RnnParameters p = new RnnParameters(parameters.Waa().copy(), parameters.Wax().copy(), parameters.Wya().copy(),
                parameters.ba().copy(), parameters.by().copy());
        return new TrainingState(p, iteration, smoothedLoss, aPrev.copy(), order);
    }

    /** Equal when every value is equal bit for bit. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrainingState s)) {
            return false;
        }
        if (iteration != s.iteration || Double.doubleToLongBits(smoothedLoss) != Double.doubleToLongBits(s.smoothedLoss)
                || !Arrays.equals(order, s.order) || !sameBits(aPrev, s.aPrev)) {
            return false;
        }
        for (String k : RnnParameters.NAMES) {
            if (!sameBits(parameters.get(k), s.parameters.get(k))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * iteration + Double.hashCode(smoothedLoss)) + Arrays.hashCode(order);
    }

    @Override
    public String toString() {
        return "TrainingState[iteration=" + iteration + ", smoothedLoss=" + smoothedLoss + ", n_a=" + parameters.nA()
                + ", V=" + parameters.nY() + ", examples=" + order.length + "]";
    }

    private static boolean sameBits(DMatrixRMaj a, DMatrixRMaj b) {
        return a.numRows == b.numRows && a.numCols == b.numCols
                && Arrays.equals(a.data, 0, a.getNumElements(), b.data, 0, b.getNumElements());
    }

    private static void checkPermutation(int[] order) {
        if (order.length == 0) {
            throw new IllegalArgumentException("order is empty; it must list every example once");
        }
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int k = order[i];
            if (k < 0 || k >= order.length || seen[k]) {
                throw new IllegalArgumentException("order is not a permutation of 0.." + (order.length - 1) + ": order["
                        + i + "] = " + k + (k >= 0 && k < order.length ? " appears twice" : " is out of range"));
            }
            seen[k] = true;
        }
    }
}
