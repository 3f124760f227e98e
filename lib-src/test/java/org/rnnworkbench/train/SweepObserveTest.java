package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.DataSplit;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.HeldOut;

class SweepObserveTest {
    @Test
    void observersSeeEveryRunAtEveryPeriodAndTheLastStateIsTheResult() throws IOException {
        DataSplit split = DataSplit.of(Dataset.load(Path.of("data/element_list.txt")));
        List<Sweep.Config> grid = List.of(
                new Sweep.Config("rnn", CellKind.RNN, 8, 0.01, 5, 300, 1),
                new Sweep.Config("gru", CellKind.GRU, 6, 0.01, 5, 300, 2),
                new Sweep.Config("lstm", CellKind.LSTM, 5, 0.01, 5, 300, 3));
        Map<String, Map<Integer, Double>> seen = new ConcurrentHashMap<>();
        Sweep.Result r = Sweep.of(split.training(), grid).threads(2).observe(100, (c, s) ->
                seen.computeIfAbsent(c.name(), k -> new ConcurrentSkipListMap<>()).put(s.iteration(),
                        HeldOut.evaluate(s.cellParameters(), split.validation().vocabulary(),
                                split.validation().examples(), HeldOut.State.ZERO).perCharacter())).run();
        for (Sweep.Config c : grid) {
            assertEquals(List.of(100, 200, 300), List.copyOf(seen.get(c.name()).keySet()), c.name());
            double last = HeldOut.evaluate(r.run(c.name()).result().cellParameters(), split.validation().vocabulary(),
                    split.validation().examples(), HeldOut.State.ZERO).perCharacter();
            assertEquals(last, seen.get(c.name()).get(300), 0, c.name());
        }
        assertEquals(Sweep.of(split.training(), grid).threads(2).run().table().print(100), r.table().print(100),
                "observing changes nothing");
        assertThrows(IllegalArgumentException.class, () -> Sweep.of(split.training(), grid).observe(0, (c, s) -> {}));
    }
}
