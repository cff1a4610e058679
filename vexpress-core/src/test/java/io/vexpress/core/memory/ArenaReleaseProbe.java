package io.vexpress.core.memory;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.vexpress.CancellationToken;
import io.vexpress.Device;
import io.vexpress.MemoryMode;
import io.vexpress.core.runtime.AfterRun;
import io.vexpress.core.runtime.ExecutionSettings;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.core.runtime.ModelSession;
import io.vexpress.core.runtime.OrtTensors;
import io.vexpress.core.runtime.RunControl;
import io.vexpress.core.runtime.TinyBundle;
import java.util.Map;

/**
 * Runs the allocation probe (tools/tiny-models/make_allocation_probe.py) through a {@link ModelSession} with the
 * engine's session options: one run that allocates {@code args[0]} MiB inside ONNX Runtime and keeps the
 * arena, then one that shrinks it. Prints the resident memory before, at the peak and after each run as
 * {@code key=bytes} words on one line. Run in its own JVM (NativeMemoryReleaseTest).
 */
public final class ArenaReleaseProbe {
    private ArenaReleaseProbe() {
    }

    public static void main(String[] args) throws Exception {
        long floats = Long.parseLong(args[0]) << 18; // MiB of float32
        ExecutionSettings settings = ExecutionSettings.resolve(TinyBundle.config(TinyBundle.folder(), Device.cpu(),
                MemoryMode.KEEP_LOADED));
        try (ModelSession probe = ModelSession.open(ModelComponent.AUDIO_PROJECTION,
                TinyBundle.resource("memory/allocation_probe.onnx"), settings);
             RunControl control = new RunControl(new CancellationToken(), settings.arenaShrinkage());
             OnnxTensor count = OrtTensors.scalarLong(floats, 1)) {
            run(probe, count, control, AfterRun.KEEP_ARENA); // warm up: libraries, thread pool
            System.gc();
            long before = ProcessMemory.currentResidentBytes();
            long afterKeep = run(probe, count, control, AfterRun.KEEP_ARENA);
            long afterShrink = run(probe, count, control, AfterRun.SHRINK_ARENA);
            System.out.println("before=" + before + " peak=" + ProcessMemory.peakResidentBytes() + " afterKeep=" + afterKeep
                    + " afterShrink=" + afterShrink + " shrinks=" + control.shrinksArenas());
        }
    }

    private static long run(ModelSession probe, OnnxTensor count, RunControl control, AfterRun after) {
        try (OrtSession.Result r = probe.run(Map.of("count", count), control, after)) {
            if (((Number) ((OnnxTensor) r.get(0)).getValue()).floatValue() <= 0) {
                throw new IllegalStateException("the probe returned no sum");
            }
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException(e);
        }
        return ProcessMemory.currentResidentBytes();
    }
}
