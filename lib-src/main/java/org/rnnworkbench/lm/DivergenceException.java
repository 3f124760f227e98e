package org.rnnworkbench.lm;

import java.util.Objects;

/**
 * Training stopped because the loss, a gradient or a parameter update stopped being finite. It is
 * found before the update that would have spread it into the parameters, so {@link #result()} holds
 * the parameters of the last good iteration, ready to save or to continue from with gentler
 * settings. The message names the iteration, the quantity and what to change.
 */
public final class DivergenceException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int iteration;
    private final String quantity;
    private final double value;
    private final String example;
    private final transient TrainingResult result;

    /** As the constructor with a clipping rule, for element-wise clipping ({@link ClipRule#ELEMENT_WISE}). */
    public DivergenceException(int iteration, String quantity, double value, String example, double learningRate,
            double clipValue, TrainingResult result) {
        this(iteration, quantity, value, example, learningRate, ClipRule.ELEMENT_WISE, clipValue, result);
    }

    /**
     * @param iteration the iteration whose update was refused
     * @param quantity what was not finite: {@code "loss"}, a gradient ({@code "dWaa"}, …) or a parameter
     *     whose update would overflow ({@code "Waa"}, …)
     * @param value the offending value (NaN or ±∞)
     * @param example the example the iteration trained on
     * @param learningRate the learning rate, for the advice
     * @param clipRule the clipping rule, for the advice
     * @param clipValue the clipping bound ({@code +∞}: off), for the advice
     * @param result the run up to the last good iteration; its state's iteration is {@code iteration}
     */
    public DivergenceException(int iteration, String quantity, double value, String example, double learningRate,
            ClipRule clipRule, double clipValue, TrainingResult result) {
        super(message(iteration, quantity, value, example, learningRate, Objects.requireNonNull(clipRule, "clipRule"),
                clipValue));
        this.iteration = iteration;
        this.quantity = Objects.requireNonNull(quantity, "quantity");
        this.value = value;
        this.example = Objects.requireNonNull(example, "example");
        this.result = Objects.requireNonNull(result, "result");
    }

    private static String message(int iteration, String quantity, double value, String example, double lr,
            ClipRule clipRule, double clipValue) {
        String clipAdvice = clipValue == Double.POSITIVE_INFINITY ? "turn gradient clipping on (e.g. at 5)"
                : clipRule == ClipRule.GLOBAL_NORM ? "lower the global-norm clipping bound (now " + clipValue + ")"
                : "lower the clipping bound (now " + clipValue + ")";
        return "training diverged at iteration " + iteration + ": " + problem(quantity, value) + " (example \""
                + example + "\"). The parameters of the last good iteration are kept. Lower the learning rate (now "
                + lr + ") or " + clipAdvice + ".";
    }

    private static String problem(String quantity, double value) {
        return quantity.equals("loss") ? "the loss is " + value
                : quantity.startsWith("d") ? "the gradient " + quantity + " holds " + value
                : "the update would make " + quantity + " hold " + value;
    }

    /** What went wrong in a few words, e.g. {@code "the gradient dWaa holds NaN"}. */
    public String problem() {
        return problem(quantity, value);
    }

    /** The iteration whose update was refused; the parameters are those after iteration {@code iteration − 1}. */
    public int iteration() {
        return iteration;
    }

    /** What was not finite: {@code "loss"}, a gradient such as {@code "dWaa"}, or a parameter such as {@code "Waa"}. */
    public String quantity() {
        return quantity;
    }

    /** The offending value: NaN, +∞ or −∞. */
    public double value() {
        return value;
    }

    /** The training example of the failing iteration. */
    public String example() {
        return example;
    }

    /** The run up to the last good iteration: parameters, state, history and log. */
    public TrainingResult result() {
        return result;
    }
}
