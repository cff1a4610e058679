package io.vexpress.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.Device;
import io.vexpress.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisibleGpusTest {
    @TempDir
    Path dir;

    @Test
    void cudaVisibleDevicesDecidesHowManyAreNumberedFromZero() {
        Path none = dir.resolve("no-driver");
        assertEquals(List.of(Device.cuda(0), Device.cuda(1)), VisibleGpus.all(Map.of("CUDA_VISIBLE_DEVICES", "3,5"), none));
        assertEquals(List.of(Device.cuda(0)), VisibleGpus.all(Map.of("CUDA_VISIBLE_DEVICES", "2,-1,4"), none));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> VisibleGpus.all(Map.of("CUDA_VISIBLE_DEVICES", ""), none));
        assertTrue(e.getMessage().contains("No GPU is visible"), e.getMessage());
    }

    @Test
    void withoutCudaVisibleDevicesTheDriversListCounts() throws IOException {
        Path gpus = Files.createDirectories(dir.resolve("gpus"));
        Files.createDirectory(gpus.resolve("0000:17:00.0"));
        Files.createDirectory(gpus.resolve("0000:65:00.0"));
        Files.createDirectory(gpus.resolve("0000:ca:00.0"));
        assertEquals(3, VisibleGpus.all(Map.of(), gpus).size());
        assertThrows(InvalidInputException.class, () -> VisibleGpus.all(Map.of(), dir.resolve("missing")));
    }
}
