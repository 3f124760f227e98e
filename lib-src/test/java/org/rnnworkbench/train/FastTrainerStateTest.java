package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.DivergenceException;
import org.rnnworkbench.lm.Trainer;
import org.rnnworkbench.lm.TrainingOptions;
import org.rnnworkbench.lm.TrainingResult;
import org.rnnworkbench.lm.TrainingState;
import org.rnnworkbench.tensor.Ops;

/** Snapshots, continuing from a state, and the divergence guard: the fast loop keeps the plain loop's contract. */
class FastTrainerStateTest {
    private static Dataset data;

    static synchronized Dataset data() throws IOException {
        if (data == null) {
            data = Dataset.load(Path.of("data/element_list.txt"));
        }
        return data;
    }

    static TrainingOptions.Builder options() {
        return TrainingOptions.builder().nA(16).iterations(1200).sampleEvery(250).samplesPerCheckpoint(3);
    }

    @Test
    void resumingFromItsOwnSnapshotsGivesTheSameRunBitForBit() throws IOException {
        List<TrainingState> snapshots = new ArrayList<>();
        TrainingResult full = FastTrainer.model(data(), options().snapshots(400, s -> snapshots.add(s.copy())).build());
        assertEquals(List.of(400, 800, 1200), snapshots.stream().map(TrainingState::iteration).toList());
        assertEquals(full.state(), snapshots.get(2), "the last snapshot is the final state");
        for (TrainingState snapshot : snapshots.subList(0, 2)) {
            int k = snapshot.iteration();
            TrainingResult resumed = FastTrainer.model(data(), options().build(), snapshot);
            assertEquals(full.state(), resumed.state(), "resumed at " + k);
            assertArrayEquals(Arrays.copyOfRange(full.history().losses(), k, 1200), resumed.history().losses());
            assertTrue(full.log().endsWith(resumed.log()), "the resumed log is the tail of the full log");
        }
        TrainingResult first = FastTrainer.model(data(), options().iterations(700).build());
        TrainingResult rest = FastTrainer.model(data(), options().build(), first.state());
        assertEquals(full.state(), rest.state());
        assertEquals(full.log(), first.log() + rest.log());
    }

    @Test
    void continuesAPlainRunAndAgreesWithIt() throws IOException {
        TrainingResult plainFirst = Trainer.model(data(), options().iterations(500).build());
        TrainingResult plainRest = Trainer.model(data(), options().build(), plainFirst.state());
        TrainingResult fastRest = FastTrainer.model(data(), options().build(), plainFirst.state());
        FastTrainerTest.assertRelative("losses after a plain start", plainRest.history().losses(),
                fastRest.history().losses(), 1e-12);
        assertEquals(plainRest.log(), fastRest.log());
        assertEquals(1200, fastRest.iterations());
        for (String k : RnnParameters.NAMES) {
            FastCharRnnTest.assertCloseInNorm(k, plainRest.parameters().get(k).data, fastRest.parameters().get(k).data,
                    1e-11);
        }
    }

    @Test
    void rejectsAStateThatDoesNotFit() throws IOException {
        TrainingState s = TrainingState.initial(data(), options().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FastTrainer.model(data(), options().nA(17).build(), s));
        assertTrue(e.getMessage().contains("n_a = 16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FastTrainer.model(data(), options().iterations(0).build(), new TrainingState(s.parameters(), 5, s.smoothedLoss(), s.aPrev(), s.order())));
        assertTrue(e.getMessage().contains("past options.iterations()"), e.getMessage());
    }

    @Test
    void divergenceStopsWithTheLastGoodParametersAsThePlainLoopDoes() throws IOException {
        for (TrainingOptions options : new TrainingOptions[] {
            options().learningRate(200).noClipping().build(), options().learningRate(1e300).build()}) {
            DivergenceException plain = assertThrows(DivergenceException.class, () -> Trainer.model(data(), options));
            DivergenceException fast = assertThrows(DivergenceException.class, () -> FastTrainer.model(data(), options));
            assertEquals(plain.getMessage(), fast.getMessage());
            assertEquals(plain.iteration(), fast.iteration());
            TrainingResult good = fast.result();
            assertEquals(fast.iteration(), good.iterations());
            assertEquals(fast.iteration(), good.history().size());
            for (String k : RnnParameters.NAMES) {
                assertTrue(Ops.allFinite(good.parameters().get(k)), k + " is finite");
            }
            TrainingResult stoppedBefore = FastTrainer.model(data(), options.toBuilder().iterations(fast.iteration())
                    .build());
            assertEquals(stoppedBefore.state(), good.state(), "exactly the parameters after the last good iteration");
            assertEquals(stoppedBefore.log(), good.log());
            DivergenceException again = assertThrows(DivergenceException.class,
                    () -> FastTrainer.model(data(), options, good.state()));
            assertEquals(fast.getMessage(), again.getMessage());
        }
    }

    @Test
    void clippingOffAndAnotherInitialSeedMatchThePlainLoop() throws IOException {
        TrainingOptions options = options().iterations(400).noClipping().initSeed(7).learningRate(0.02).build();
        assertFalse(options.clipping());
        TrainingResult plain = Trainer.model(data(), options);
        TrainingResult fast = FastTrainer.model(data(), options);
        FastTrainerTest.assertRelative("losses", plain.history().losses(), fast.history().losses(), 1e-12);
        assertEquals(plain.log(), fast.log());
        for (int i = 0; i < 400; i++) {
            assertEquals(0.0, fast.history().clippedFraction(i));
        }
    }
}
