package org.rnnworkbench.seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * What a training run recorded: the loss per character of every mini-batch, and at each evaluation
 * point the held-out accuracy (all characters and letters only) and held-out loss per character.
 */
public final class TaggerHistory {

    /** One evaluation of the held-out set after {@code step} updates (0: before training). */
    public record Point(int step, double accuracy, double letterAccuracy, double lossPerCharacter) {}

    private double[] losses = new double[16];
    private int size;
    private final List<Point> points = new ArrayList<>();

    TaggerHistory() {}

    void addLoss(double lossPerCharacter) {
        if (size == losses.length) {
            losses = Arrays.copyOf(losses, 2 * size);
        }
        losses[size++] = lossPerCharacter;
    }

    void addPoint(Point p) {
        points.add(p);
    }

    /** Number of training steps recorded. */
    public int steps() {
        return size;
    }

    /** The loss per character (nats) of the mini-batch of each step 1, 2, …, before its update. */
    public double[] losses() {
        return Arrays.copyOf(losses, size);
    }

    /** The held-out evaluations, in step order. */
    public List<Point> points() {
        return List.copyOf(points);
    }

    /** The last held-out evaluation. */
    public Point last() {
        if (points.isEmpty()) {
            throw new IllegalStateException("no held-out evaluation was recorded (the held-out set was empty)");
        }
        return points.get(points.size() - 1);
    }

    /** Columns step, loss per character: one row per training step. */
    public Table lossTable() {
        IntColumn step = IntColumn.create("step");
        DoubleColumn loss = DoubleColumn.create("loss per character");
        for (int i = 0; i < size; i++) {
            step.append(i + 1);
            loss.append(losses[i]);
        }
        return Table.create("training loss", step, loss);
    }

    /** Columns step, held-out accuracy, held-out letter accuracy, held-out loss per character. */
    public Table evaluationTable() {
        IntColumn step = IntColumn.create("step");
        DoubleColumn acc = DoubleColumn.create("held-out accuracy");
        DoubleColumn letters = DoubleColumn.create("held-out letter accuracy");
        DoubleColumn loss = DoubleColumn.create("held-out loss per character");
        for (Point p : points) {
            step.append(p.step());
            acc.append(p.accuracy());
            letters.append(p.letterAccuracy());
            loss.append(p.lossPerCharacter());
        }
        return Table.create("held-out evaluation", step, acc, letters, loss);
    }
}
