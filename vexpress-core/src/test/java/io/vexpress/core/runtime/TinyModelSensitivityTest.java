package io.vexpress.core.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.vexpress.CancellationToken;
import io.vexpress.Device;
import io.vexpress.MemoryMode;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tiny contract models must react to every input, or the end-to-end tests could not catch a wiring bug. */
class TinyModelSensitivityTest {
    private static ModelBundle bundle;
    private static RunControl control;

    @BeforeAll
    static void open() {
        bundle = ModelBundle.open(TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.KEEP_LOADED));
        control = new RunControl(new CancellationToken());
    }

    @AfterAll
    static void close() {
        control.close();
        bundle.close();
    }

    @Test
    void everyDenoiserInputChangesTheNoisePrediction() {
        assertEveryInputMatters(ModelComponent.DENOISING_UNET, guidedDenoiserInputs());
    }

    /** A guided (batch 2) call of 3 frames at 64x64. */
    private static Map<String, Object> guidedDenoiserInputs() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("sample", random(1, new long[] {2, 4, 3, 8, 8}));
        in.put("timestep", 999L);
        in.put("audio_tokens", random(2, new long[] {6, 5, 32}));
        in.put("kps_images", images(3, new long[] {1, 3, 3, 64, 64}));
        in.put("ref_0", random(4, new long[] {2, 4, 16}));
        in.put("ref_1", random(5, new long[] {2, 1, 8}));
        in.put("reference_attention_weight", new Array(new float[] {1f}, new long[] {1}));
        in.put("audio_attention_weight", new Array(new float[] {1f}, new long[] {1}));
        return in;
    }

    @Test
    void everyOtherModelReactsToItsInput() {
        assertEveryInputMatters(ModelComponent.VAE_ENCODER, Map.of("image", random(6, new long[] {1, 3, 64, 64})));
        assertEveryInputMatters(ModelComponent.VAE_DECODER, Map.of("latent", random(7, new long[] {1, 4, 8, 8})));
        assertEveryInputMatters(ModelComponent.REFERENCE_NET, Map.of("latent", random(8, new long[] {1, 4, 8, 8})));
        assertEveryInputMatters(ModelComponent.AUDIO_ENCODER, Map.of("waveform", random(10, new long[] {1, 3200})));
        assertEveryInputMatters(ModelComponent.AUDIO_PROJECTION, Map.of("audio_windows", random(11, new long[] {3, 10, 32})));
    }

    @Test
    void theGuiderInsideTheUnetFeedsOnlyTheConditionalHalf() {
        // Format 2: one set of V-Kps images per call; with a doubled batch the unconditional half (batch 0) gets zero
        // keypoint features, as V-Express's torch.cat([zeros_like(f), f]), and the conditional half the guider's.
        Map<String, Object> in = guidedDenoiserInputs();
        float[] before = run(ModelComponent.DENOISING_UNET, in);
        in.put("kps_images", images(4, new long[] {1, 3, 3, 64, 64}));
        float[] after = run(ModelComponent.DENOISING_UNET, in);
        int half = before.length / 2;
        double unconditional = 0;
        double conditional = 0;
        for (int i = 0; i < half; i++) {
            unconditional = Math.max(unconditional, Math.abs(after[i] - before[i]));
            conditional = Math.max(conditional, Math.abs(after[half + i] - before[half + i]));
        }
        assertTrue(unconditional == 0, "the unconditional half changed by " + unconditional);
        assertTrue(conditional > 1e-3, "the conditional half ignores the keypoints (max change " + conditional + ")");
    }

    private static void assertEveryInputMatters(ModelComponent component, Map<String, Object> inputs) {
        float[] base = run(component, inputs);
        for (String name : inputs.keySet()) {
            Map<String, Object> changed = new HashMap<>(inputs);
            Object v = inputs.get(name);
            if (v instanceof Long t) {
                changed.put(name, t / 2);
            } else if (v instanceof Bytes b) {
                byte[] d = b.data.clone();
                for (int i = 0; i < d.length; i++) {
                    d[i] = (byte) (d[i] + 37 * (i % 5));
                }
                changed.put(name, new Bytes(d, b.shape));
            } else {
                Array a = (Array) v;
                float[] d = a.data.clone();
                for (int i = 0; i < d.length; i++) {
                    d[i] = d.length == 1 ? d[i] * 2.5f : d[i] + 0.5f * (float) Math.sin(i * 0.37);
                }
                changed.put(name, new Array(d, a.shape));
            }
            float[] out = run(component, changed);
            double maxDiff = 0;
            for (int i = 0; i < out.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(out[i] - base[i]));
            }
            assertTrue(maxDiff > 1e-3, component.manifestName() + " ignores input " + name + " (max change " + maxDiff + ")");
        }
    }

    /** Runs and concatenates every output. */
    private static float[] run(ModelComponent component, Map<String, Object> inputs) {
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (var e : inputs.entrySet()) {
                if (e.getValue() instanceof Long t) {
                    tensors.put(e.getKey(), OrtTensors.scalarLong(t, 0));
                } else if (e.getValue() instanceof Bytes b) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(b.data.length);
                    buffer.put(0, b.data);
                    tensors.put(e.getKey(), OrtTensors.viewBytes(buffer, b.shape));
                } else {
                    Array a = (Array) e.getValue();
                    FloatBuffer b = OrtTensors.directFloats(a.data.length);
                    b.put(0, a.data);
                    tensors.put(e.getKey(), OrtTensors.view(b, a.shape));
                }
            }
            try (OrtSession.Result r = bundle.sessions().acquire(component).run(tensors, control)) {
                float[] all = new float[0];
                for (var out : r) {
                    FloatBuffer fb = ((OnnxTensor) out.getValue()).getFloatBuffer();
                    float[] part = new float[fb.remaining()];
                    fb.get(part);
                    float[] joined = java.util.Arrays.copyOf(all, all.length + part.length);
                    System.arraycopy(part, 0, joined, all.length, part.length);
                    all = joined;
                }
                return all;
            }
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    private static Array random(long seed, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        Random r = new Random(seed);
        float[] d = new float[(int) n];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return new Array(d, shape);
    }

    /** V-Kps-like images: black, with a few bright pixels. */
    private static Bytes images(long seed, long[] shape) {
        Random r = new Random(seed);
        byte[] d = new byte[random(seed, shape).data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (r.nextInt(6) == 0 ? 153 + r.nextInt(103) : 0);
        }
        return new Bytes(d, shape);
    }

    private record Array(float[] data, long[] shape) {
    }

    private record Bytes(byte[] data, long[] shape) {
    }
}
