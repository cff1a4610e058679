package io.vexpress.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.vexpress.CancellationToken;
import io.vexpress.Device;
import io.vexpress.InsufficientMemoryException;
import io.vexpress.MemoryMode;
import io.vexpress.core.runtime.ExecutionSettings;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.core.runtime.ModelSession;
import io.vexpress.core.runtime.OrtTensors;
import io.vexpress.core.runtime.RunControl;
import io.vexpress.core.runtime.TinyBundle;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A real allocation failure inside ONNX Runtime (the allocation probe asked for 4 TB) becomes the memory exception. */
class OnnxRuntimeAllocationFailureTest {

    @ParameterizedTest
    @CsvSource({"false, KEEP_LOADED", "true, RELEASE_AFTER_STAGE"})
    void anAllocationOnnxRuntimeCannotMakeIsReportedAsSystemMemory(boolean arena, MemoryMode mode) throws Exception {
        String before = System.getProperty("vexpress.ort.cpuArena");
        System.setProperty("vexpress.ort.cpuArena", Boolean.toString(arena));
        try {
            ExecutionSettings settings = ExecutionSettings.resolve(TinyBundle.config(TinyBundle.folder(), Device.cpu(), mode));
            try (ModelSession probe = ModelSession.open(ModelComponent.AUDIO_PROJECTION,
                    TinyBundle.resource("memory/allocation_probe.onnx"), settings);
                 RunControl control = new RunControl(new CancellationToken(), settings.arenaShrinkage());
                 OnnxTensor count = OrtTensors.scalarLong(1L << 40, 1)) {
                InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                        () -> probe.run(Map.of("count", count), control).close());
                assertEquals(InsufficientMemoryException.Pool.SYSTEM_MEMORY, e.pool());
                assertFalse(e.estimated());
                assertInstanceOf(OrtException.class, e.getCause());
                assertTrue(e.getMessage().contains("running audio_projection on cpu"), e.getMessage());
                // the arena reports the size; without it ONNX Runtime's operator new fails with std::bad_alloc
                assertTrue(arena ? e.requiredBytes().getAsLong() == 4L << 40 : e.getMessage().contains("bad_alloc"),
                        e.getMessage());
                assertEquals(mode == MemoryMode.KEEP_LOADED, e.remedies().contains(InsufficientMemoryException.Remedy.RELEASE_AFTER_STAGE));
                // the session is still usable after the failed run
                try (OnnxTensor small = OrtTensors.scalarLong(1000, 1);
                     var r = probe.run(Map.of("count", small), control)) {
                    assertEquals(1000f, ((Number) ((OnnxTensor) r.get(0)).getValue()).floatValue());
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty("vexpress.ort.cpuArena");
            } else {
                System.setProperty("vexpress.ort.cpuArena", before);
            }
        }
    }
}
