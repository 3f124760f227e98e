package org.rnnworkbench.seq;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rnnworkbench.cells.CellParameters;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Vocabulary;

/**
 * One training step's forward pass and BPTT of the tagger ({@link FastTagger#lossAndGradients}) on a
 * mini-batch of 32 sentences of notebook 13 (a shift per sentence, up to 60 characters), in the order
 * drawn and sorted longest first as {@link TaggerTrainer} does (then the padded steps are skipped).
 *
 * <pre>mvn -P jmh -DskipTests test-compile exec:exec@jmh -Djmh.args="TaggerBenchmark"</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class TaggerBenchmark {
    @Param({"GRU", "RNN"})
    CellKind cell;

    @Param({"32", "64", "128"})
    int nA;

    @Param({"false", "true"})
    boolean sorted;

    CellParameters p;
    FastTagger work;
    TaggerGradients g;
    Batch batch;

    @Setup
    public void setUp() throws Exception {
        var split = Sentences.fromData(Path.of("data"), 2000, 400, 60, 7);
        List<CipherPair> pairs = new ArrayList<>(Caesar.randomShifts(split.training(), 11).subList(0, 32));
        if (sorted) {
            pairs.sort(Comparator.comparingInt(CipherPair::length).reversed());
        }
        Vocabulary vocabulary = TaggerModel.vocabularyOf(pairs);
        p = Tagger.initializeParameters(cell, nA, vocabulary.size(), 1);
        work = FastTagger.of(p);
        g = TaggerGradients.zerosLike(p);
        batch = Batch.of(pairs, vocabulary);
    }

    @Benchmark
    public double lossAndGradients() {
        return work.lossAndGradients(p, batch, g);
    }
}
