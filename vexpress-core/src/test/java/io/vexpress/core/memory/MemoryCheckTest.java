package io.vexpress.core.memory;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.InsufficientMemoryException;
import io.vexpress.InsufficientMemoryException.Pool;
import io.vexpress.InsufficientMemoryException.Remedy;
import io.vexpress.MemoryMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison of an estimate with the process's limits: which pool, which advice, when it only warns. */
class MemoryCheckTest {
    private static final long GB = 1L << 30;
    private static final long MB = 1L << 20;

    private static ProcessMemory machine(long available) {
        return new ProcessMemory(500 * MB, available, 4 * GB, 100 * MB, 4 * GB, 0);
    }

    private static PeakMemoryEstimate denoisingPeak() {
        return new PeakMemoryEstimate(100 * MB, 500 * MB, 0, 6 * GB, "denoising", "UNet activations", "model weights");
    }

    @Test
    void aPeakAboveTheAvailableSystemMemoryFailsWithTheSystemPoolAndDenoisingAdvice() {
        InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                () -> MemoryCheck.requireFits(denoisingPeak(), machine(4 * GB), MemoryMode.KEEP_LOADED, false, w -> { }));
        assertEquals(Pool.SYSTEM_MEMORY, e.pool());
        assertTrue(e.estimated());
        assertEquals(List.of(Remedy.RELEASE_AFTER_STAGE, Remedy.SMALLER_SIZE, Remedy.FEWER_CONTEXT_FRAMES, Remedy.FREE_MEMORY),
                e.remedies());
        assertTrue(e.getMessage().contains("4.0 GB is available") && e.getMessage().contains("UNet activations 6.0 GB"),
                e.getMessage());
        assertTrue(e.getMessage().contains("optMemoryMode(MemoryMode.RELEASE_AFTER_STAGE)"), e.getMessage());
    }

    @Test
    void releaseAfterStageIsNotAdvisedWhenItIsAlreadyOn() {
        InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                () -> MemoryCheck.requireFits(denoisingPeak(), machine(4 * GB), MemoryMode.RELEASE_AFTER_STAGE, false, w -> { }));
        assertTrue(!e.remedies().contains(Remedy.RELEASE_AFTER_STAGE), e.remedies().toString());
    }

    @Test
    void onAGpuOnlyTheJvmLimitsAreChecked() {
        assertDoesNotThrow(() -> MemoryCheck.requireFits(denoisingPeak(), machine(GB), MemoryMode.KEEP_LOADED, true, w -> { }));
    }

    @Test
    void aPeakCloseToTheAvailableMemoryWarns() {
        List<String> warnings = new ArrayList<>();
        MemoryCheck.requireFits(denoisingPeak(), machine(7 * GB), MemoryMode.KEEP_LOADED, false, warnings::add);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("of the 7.0 GB available"), warnings.get(0));
    }

    @Test
    void loadingEveryModelThatDoesNotFitAdvisesReleaseAfterStage() {
        InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                () -> MemoryCheck.requireLoadFits(20 * GB, machine(16 * GB), MemoryMode.KEEP_LOADED, false));
        assertEquals(List.of(Remedy.RELEASE_AFTER_STAGE, Remedy.FREE_MEMORY), e.remedies());
        assertDoesNotThrow(() -> MemoryCheck.requireLoadFits(8 * GB, machine(16 * GB), MemoryMode.RELEASE_AFTER_STAGE, false));
    }
}
