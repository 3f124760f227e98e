package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.cells.RnnParameters;

class TrainingHistoryTest {
    @Test
    void recordsNormsBeforeAndAfterClipping() {
        TrainingHistory h = new TrainingHistory(2);
        Gradients g = Gradients.zerosLike(RnnParameters.zeros(2, 3, 3));
        g.dWaa().set(0, 0, 3);
        g.dWaa().set(1, 1, -4);
        g.dby().set(2, 0, 12);
        h.recordNormsBeforeClip(g);
        int clipped = Clip.clipInPlace(g, 2);
        h.add(0, 1.5, 1.25, g, clipped);
        assertEquals(1, h.size());
        assertEquals(5.0, h.norm(0, "dWaa"), 1e-15);
        assertEquals(12.0, h.norm(0, "dby"), 0);
        assertEquals(Math.sqrt(8), h.clippedNorm(0, "dWaa"), 1e-15);
        assertEquals(2.0, h.clippedNorm(0, "dby"), 0);
        assertEquals(0.0, h.norm(0, "dWax"), 0);
        assertEquals(3.0 / g.numElements(), h.clippedFraction(0), 0);
        assertArrayEquals(new double[] {1.5}, h.losses());
        assertArrayEquals(new double[] {1.25}, h.smoothedLosses());
        assertEquals(1, h.toTable().rowCount());
        assertEquals(TrainingHistory.COLUMNS.size(), h.toTable().columnCount());
    }

    @Test
    void rowsAndNamesAreChecked() {
        TrainingHistory h = new TrainingHistory(1);
        Gradients g = Gradients.zerosLike(RnnParameters.zeros(1, 2, 2));
        h.recordNormsBeforeClip(g);
        h.add(0, 1, 1, g, 0);
        assertThrows(IllegalStateException.class, () -> h.add(1, 1, 1, g, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> h.loss(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.norm(0, "dWxx"));
        assertTrue(e.getMessage().contains("dWxx"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainingHistory(-1));
    }

    @Test
    void checkpointsFillTheSamplesTable() {
        TrainingHistory h = new TrainingHistory(0);
        h.addCheckpoint(new TrainingHistory.Checkpoint(0, 3.5, List.of(new int[] {1, 0}, new int[] {2, 0}), List.of("A", "B")));
        var t = h.samplesTable();
        assertEquals(TrainingHistory.SAMPLE_COLUMNS, t.columnNames());
        assertEquals("B", t.stringColumn("sample").get(1));
        assertEquals(1, t.intColumn("sample_index").get(1));
        assertThrows(IllegalArgumentException.class,
                () -> new TrainingHistory.Checkpoint(0, 1, List.of(new int[] {0}), List.of()));
    }
}
