package org.rnnworkbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.lm.CellKind;
import org.rnnworkbench.lm.Dataset;
import org.rnnworkbench.lm.TrainingOptions;

/**
 * The hot loops of the RNN and LSTM fast trainers allocate nothing ({@link GruAllocationTest} for the GRU's): bytes allocated by this thread over 10,000 training iterations
 * (history and progress listener included), measured with {@code com.sun.management.ThreadMXBean}.
 */
class AllocationTest {
    /** Allowed bytes in a quiet window of 10,000 iterations: far below one byte per iteration. */
    private static final long TINY = 256;

    /**
     * Allowed in any window. While the JIT replaces compiled code, the thread can allocate a few
     * hundred bytes once (up to about 2 KB seen); one object per iteration would be 160 KB.
     */
    private static final long JIT_TRANSITION = 8 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    @Test
    void tenThousandIterationsAllocateNothing() throws IOException {
        assertQuiet(CellKind.RNN);
    }

    @Test
    void tenThousandLstmIterationsAllocateNothing() throws IOException {
        assertQuiet(CellKind.LSTM);
    }

    private static void assertQuiet(CellKind cell) throws IOException {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count allocated bytes per thread");
        int windows = 8;
        long[] progressCalls = new long[1];
        TrainingOptions options = TrainingOptions.builder().cell(cell).iterations(10_000 * (windows + 1)).nA(65)
                .sampleEvery(1_000_000).progress((j, total, loss) -> progressCalls[0]++).build();
        Dataset data = Dataset.load(Path.of("data/element_list.txt"));
        FastLoop<?> trainer = switch (cell) {
            case RNN -> new FastTrainer(data, options);
            case GRU -> new FastGruTrainer(data, options);
            case LSTM -> new FastLstmTrainer(data, options);
        };
        for (int j = 0; j < 10_000; j++) {
            trainer.step();
        }
        long id = Thread.currentThread().getId();
        long overhead = THREADS.getThreadAllocatedBytes(id);
        overhead = THREADS.getThreadAllocatedBytes(id) - overhead;

        StringBuilder seen = new StringBuilder();
        for (int w = 0; w < windows; w++) {
            long compiling = JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : -1;
            long before = THREADS.getThreadAllocatedBytes(id);
            double sum = 0;
            for (int j = 0; j < 10_000; j++) {
                sum += trainer.step();
            }
            long allocated = THREADS.getThreadAllocatedBytes(id) - before - overhead;
            boolean quiet = compiling >= 0 && JIT.getTotalCompilationTime() == compiling;
            assertTrue(Double.isFinite(sum));
            assertTrue(allocated <= JIT_TRANSITION, cell + ": " + allocated + " bytes allocated in 10,000 iterations");
            seen.append(allocated).append(quiet ? " (JIT quiet) " : " (JIT compiling) ");
            if (quiet) {
                assertTrue(allocated <= TINY, cell + ": " + allocated + " bytes allocated in 10,000 iterations");
                assertEquals(10_000L * (w + 2), progressCalls[0]);
                return;
            }
        }
        fail(cell + ": no 10,000-iteration window without JIT compilation; bytes per window: " + seen);
    }
}
