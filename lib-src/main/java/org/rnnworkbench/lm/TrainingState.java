package org.rnnworkbench.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.cells.GruParameters;
import org.rnnworkbench.cells.LstmParameters;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.random.NumpyRandom;
import org.rnnworkbench.tensor.Ops;
import org.rnnworkbench.tensor.Shapes;

/**
 * Everything the training loop carries from one iteration to the next, so that a run continued
 * from a state gives the same losses, bit for bit, as a run that never stopped. The trainer is
 * plain SGD and sampling re-seeds NumPy's generator at every draw, so there is no optimizer or
 * random state beyond these values.
 *
 * <p>What a cell carries from one example to the next is its hidden state {@code aPrev}, and for
 * a cell with a memory cell ({@link CellKind#hasMemoryCell()}, the LSTM) also {@code cPrev}. Cells
 * without one have {@code cPrev == null}, and the five-argument constructor builds their states.
 *
 * @param cellParameters the parameters after {@code iteration} updates, {@link RnnParameters},
 *     {@link GruParameters} or {@link LstmParameters} (see {@link #cell()}); held, not copied
 * @param iteration how many iterations are done: the next one to run is {@code iteration}
 * @param smoothedLoss the smoothed loss after those iterations (the initial loss when none is done)
 * @param aPrev the hidden state (n_a, 1) carried into the next example; held, not copied
 * @param cPrev the memory cell (n_a, 1) carried into the next example when the cell has one (the
 *     LSTM), else null; held, not copied
 * @param order the shuffled example order: iteration {@code j} trains on example {@code order[j % n]}
 *     of the data set; a permutation of {@code 0..n−1}, copied
 */
public record TrainingState(CellParameters cellParameters, int iteration, double smoothedLoss, DMatrixRMaj aPrev,
        DMatrixRMaj cPrev, int[] order) {

    /** Checks the values and copies the order. */
    public TrainingState {
        Objects.requireNonNull(cellParameters, "parameters");
        CellKind cell = cellKind(cellParameters);
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0 but was " + iteration);
        }
        if (!Double.isFinite(smoothedLoss)) {
            throw new IllegalArgumentException("smoothedLoss must be finite but was " + smoothedLoss);
        }
        Shapes.require("aPrev", aPrev, cellParameters.nA(), 1);
        if (cell.hasMemoryCell()) {
            if (cPrev == null) {
                throw new IllegalArgumentException("cPrev is null but the " + cell + " carries a memory cell; give it"
                        + " as an (" + cellParameters.nA() + ",1) matrix (zeros before the first iteration)");
            }
            Shapes.require("cPrev", cPrev, cellParameters.nA(), 1);
        } else if (cPrev != null) {
            throw new IllegalArgumentException("cPrev is " + Shapes.of(cPrev) + " but the " + cell
                    + " has no memory cell; it must be null");
        }
        Objects.requireNonNull(order, "order");
        order = order.clone();
        checkPermutation(order);
    }

    /** The state of a cell without a memory cell (the RNN or the GRU): {@code cPrev} is null. */
    public TrainingState(CellParameters cellParameters, int iteration, double smoothedLoss, DMatrixRMaj aPrev,
            int[] order) {
        this(cellParameters, iteration, smoothedLoss, aPrev, null, order);
    }

    /**
     * The state before the first iteration, as the assignment's {@code model} sets it up: parameters
     * of {@code options.cell()} from {@code np.random.seed(options.initSeed())}, smoothed loss {@code −log(1/V)·samples}, zero
     * hidden state (and zero memory cell for the LSTM), examples shuffled with {@code np.random.seed(0); np.random.shuffle}.
     */
    public static TrainingState initial(Dataset data, TrainingOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        int v = data.vocabulary().size();
        CellParameters p = switch (options.cell()) {
            case RNN -> CharRnn.initializeParameters(options.nA(), v, v, options.initSeed());
            case GRU -> CharGru.initializeParameters(options.nA(), v, v, options.initSeed());
            case LSTM -> CharLstm.initializeParameters(options.nA(), v, v, options.initSeed());
        };
        return new TrainingState(p, 0, CharRnn.initialLoss(v, options.samplesPerCheckpoint()),
                new DMatrixRMaj(options.nA(), 1), options.cell().hasMemoryCell() ? new DMatrixRMaj(options.nA(), 1) : null,
                shuffledOrder(data.size()));
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

    /** The cell the parameters belong to. */
    public CellKind cell() {
        return cellKind(cellParameters);
    }

    /** The RNN parameters; throws {@link IllegalStateException} when the state is another cell's. */
    public RnnParameters parameters() {
        if (cellParameters instanceof RnnParameters p) {
            return p;
        }
        throw notThe(CellKind.RNN);
    }

    /** The GRU parameters; throws {@link IllegalStateException} when the state is another cell's. */
    public GruParameters gruParameters() {
        if (cellParameters instanceof GruParameters p) {
            return p;
        }
        throw notThe(CellKind.GRU);
    }

    /** The LSTM parameters; throws {@link IllegalStateException} when the state is another cell's. */
    public LstmParameters lstmParameters() {
        if (cellParameters instanceof LstmParameters p) {
            return p;
        }
        throw notThe(CellKind.LSTM);
    }

    private IllegalStateException notThe(CellKind wanted) {
        String accessor = switch (cell()) {
            case RNN -> "parameters()";
            case GRU -> "gruParameters()";
            case LSTM -> "lstmParameters()";
        };
        return new IllegalStateException("this training state holds " + cell() + " parameters, not " + wanted
                + " parameters; use " + accessor + " or cellParameters()");
    }

    private static CellKind cellKind(CellParameters p) {
        if (p instanceof RnnParameters) {
            return CellKind.RNN;
        }
        if (p instanceof GruParameters) {
            return CellKind.GRU;
        }
        if (p instanceof LstmParameters) {
            return CellKind.LSTM;
        }
        throw new IllegalArgumentException("parameters of type " + p.getClass().getName()
                + " belong to no language model cell; use RnnParameters, GruParameters or LstmParameters");
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

    /**
     * Checks that training can continue from this state on {@code data} with {@code options}: the
     * parameters are of {@code options.cell()}, fit the data's vocabulary and {@code options.nA()},
     * the order covers the data's examples, the iteration is not past {@code options.iterations()},
     * and every number is finite. Throws {@link IllegalArgumentException} naming what does not fit.
     */
    public void requireContinuable(Dataset data, TrainingOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        if (cell() != options.cell()) {
            throw new IllegalArgumentException("the state holds " + cell() + " parameters but options.cell() is "
                    + options.cell());
        }
        CellParameters p = cellParameters;
        int vocabSize = data.vocabulary().size();
        if (p.nX() != vocabSize || p.nY() != vocabSize) {
            throw new IllegalArgumentException("the state's parameters have n_x = " + p.nX() + " and n_y = " + p.nY()
                    + " but the data's vocabulary has " + vocabSize + " characters");
        }
        if (p.nA() != options.nA()) {
            throw new IllegalArgumentException("the state's parameters have n_a = " + p.nA() + " but options.nA() is "
                    + options.nA());
        }
        if (numExamples() != data.size()) {
            throw new IllegalArgumentException("the state's example order covers " + numExamples()
                    + " examples but the data has " + data.size());
        }
        if (iteration > options.iterations()) {
            throw new IllegalArgumentException("the state is at iteration " + iteration
                    + ", past options.iterations() = " + options.iterations());
        }
        for (String k : p.names()) {
            if (!Ops.allFinite(p.get(k))) {
                throw new IllegalArgumentException("the state's parameter " + k + " holds NaN or infinity");
            }
        }
        if (!Ops.allFinite(aPrev)) {
            throw new IllegalArgumentException("the state's aPrev holds NaN or infinity");
        }
        if (cPrev != null && !Ops.allFinite(cPrev)) {
            throw new IllegalArgumentException("the state's cPrev holds NaN or infinity");
        }
    }

    /** A deep copy: parameters, hidden state and memory cell copied, so the trainer's later updates do not reach it. */
    public TrainingState copy() {
        return new TrainingState(cellParameters.copy(), iteration, smoothedLoss, aPrev.copy(),
                cPrev == null ? null : cPrev.copy(), order);
    }

    /** Equal when every value is equal bit for bit. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrainingState s)) {
            return false;
        }
        if (iteration != s.iteration || Double.doubleToLongBits(smoothedLoss) != Double.doubleToLongBits(s.smoothedLoss)
                || !Arrays.equals(order, s.order) || !sameBits(aPrev, s.aPrev) || !sameBits(cPrev, s.cPrev)) {
            return false;
        }
        if (cell() != s.cell()) {
            return false;
        }
        for (String k : cellParameters.names()) {
            if (!sameBits(cellParameters.get(k), s.cellParameters.get(k))) {
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
        return "TrainingState[iteration=" + iteration + ", smoothedLoss=" + smoothedLoss + ", cell=" + cell().id()
                + ", n_a=" + cellParameters.nA() + ", V=" + cellParameters.nY() + ", examples=" + order.length + "]";
    }

    /** Both null, or the same shape and bits. */
    private static boolean sameBits(DMatrixRMaj a, DMatrixRMaj b) {
        if (a == null || b == null) {
            return a == b;
        }
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
