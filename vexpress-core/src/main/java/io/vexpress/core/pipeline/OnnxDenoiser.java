package io.vexpress.core.pipeline;

import ai.onnxruntime.OnnxTensor;
import io.vexpress.AttentionWeights;
import io.vexpress.core.denoise.Denoiser;
import io.vexpress.core.runtime.AfterRun;
import io.vexpress.core.runtime.BundleDimensions;
import io.vexpress.core.runtime.ModelSession;
import io.vexpress.core.runtime.OrtTensors;
import io.vexpress.core.runtime.RunControl;
import io.vexpress.core.tensor.FloatTensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The denoising UNet on ONNX Runtime behind the {@link Denoiser} the mean-overlap loop calls.
 *
 * <p>Classifier-free guidance runs one doubled batch, unconditional half first, as V-Express's
 * {@code torch.cat([zeros_like(v), v])}: zero audio tokens, zero keypoint features and zero reference
 * features in batch 0. Those zero halves exist once per window length (a window's worth, never the whole
 * video) and are never written again. Everything the UNet reads is allocated when a window length is first
 * seen: the ONNX Runtime tensors view these direct buffers, the timestep and attention weights are
 * overwritten in place before each call, and the prediction is written straight into the loop's buffer
 * (a pinned output), so a window call allocates nothing but ONNX Runtime's own scratch.
 */
final class OnnxDenoiser implements Denoiser, AutoCloseable {
    private final ModelSession unet;
    private final RunControl control;
    private final BundleDimensions dims;
    private final ReferenceFeatures reference;
    private final AudioTokens audio;
    private final KeypointFeatures keypoints;
    private final int latentH;
    private final int latentW;
    private final int batch;
    private final LongBuffer timestep;
    private final FloatBuffer referenceWeight;
    private final FloatBuffer audioWeight;
    private final List<OnnxTensor> shared = new ArrayList<>();
    private final Map<String, OnnxTensor> sharedInputs = new HashMap<>();
    private final Map<Integer, WindowBuffers> byLength = new HashMap<>();
    private final Map<FloatTensor, Map<String, OnnxTensor>> pinned = new IdentityHashMap<>();
    private final long expectedCalls;
    private long calls;

    /**
     * @param guided whether the loop asks for doubled batches (guidance scale &gt; 1)
     * @param expectedCalls the loop's number of calls (steps x windows): the last one shrinks ONNX Runtime's arenas
     */
    OnnxDenoiser(ModelSession unet, RunControl control, BundleDimensions dims, ReferenceFeatures reference,
                 AudioTokens audio, KeypointFeatures keypoints, int latentH, int latentW, boolean guided, long expectedCalls) {
        this.expectedCalls = expectedCalls;
        this.unet = unet;
        this.control = control;
        this.dims = dims;
        this.reference = reference;
        this.audio = audio;
        this.keypoints = keypoints;
        this.latentH = latentH;
        this.latentW = latentW;
        this.batch = guided ? 2 : 1;
        try {
            timestep = OrtTensors.directLongs(1);
            add("timestep", OrtTensors.viewScalar(timestep, dims.timestepRank()));
            referenceWeight = OrtTensors.directFloats(1);
            audioWeight = OrtTensors.directFloats(1);
            add("reference_attention_weight", OrtTensors.view(referenceWeight, 1));
            add("audio_attention_weight", OrtTensors.view(audioWeight, 1));
            for (int k = 0; k < reference.features().size(); k++) {
                FloatTensor f = reference.features().get(k);
                int size = f.size();
                FloatBuffer b = OrtTensors.directFloats(batch * size);
                // unconditional half stays zero; the conditional half is the reference features
                b.put((batch - 1) * size, f.toArray());
                add(reference.names().get(k), OrtTensors.view(b, batch, f.dim(1), f.dim(2)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void add(String name, OnnxTensor t) {
        shared.add(t);
        sharedInputs.put(name, t);
    }

    @Override
    public void predict(FloatTensor windowLatents, int[] frameIndices, long t, int stepIndex, AttentionWeights attention,
                        boolean guided, FloatTensor prediction) {
        if ((guided ? 2 : 1) != batch) {
            throw new IllegalStateException("Denoiser built for batch " + batch + " but asked for guided=" + guided);
        }
        int frames = frameIndices.length;
        WindowBuffers w = byLength.get(frames); // not computeIfAbsent(this::buffers): that allocates a lambda per call
        if (w == null) {
            w = buffers(frames);
            byLength.put(frames, w);
        }
        // sample: the window's latents in every batch half (V-Express's input_latents.repeat(2, ...))
        FloatBuffer latents = windowLatents.buffer();
        int n = windowLatents.size();
        for (int b = 0; b < batch; b++) {
            w.sample.put(b * n, latents, 0, n);
        }
        int perFrame = audio.valuesPerFrame();
        int condTokens = (batch - 1) * frames * perFrame;
        for (int i = 0; i < frames; i++) {
            w.audio.put(condTokens + i * perFrame, audio.values(), frameIndices[i] * perFrame, perFrame);
        }
        // Keypoint features are the biggest input ([Ck, T, h, w], 120 MB per window at 512x512) and do not change
        // between steps; refill only when this window shows other faces than the last one written here (with
        // fix_face, or a single window, that is never after the first call).
        if (!keypoints.sameFaces(frameIndices, w.filledFaces)) {
            Arrays.fill(w.filledFaces, -1); // stays invalid if the fill is cancelled half-way
            keypoints.fill(frameIndices, w.kps, (batch - 1) * keypoints.valuesPerFrame() * frames);
            keypoints.facesOf(frameIndices, w.filledFaces);
        }
        timestep.put(0, t);
        referenceWeight.put(0, (float) attention.reference());
        audioWeight.put(0, (float) attention.audio());
        Map<String, OnnxTensor> out = pinned.computeIfAbsent(prediction,
                p -> Map.of("noise_pred", OrtTensors.view(p.buffer(), p.longShape())));
        unet.runInto(w.inputs, out, control, calls + 1 == expectedCalls ? AfterRun.SHRINK_ARENA : AfterRun.KEEP_ARENA);
        calls++;
    }

    /** UNet calls so far. */
    long calls() {
        return calls;
    }

    /** Batch size of each UNet call: 2 with guidance, else 1. */
    int batch() {
        return batch;
    }

    private WindowBuffers buffers(int frames) {
        int cl = dims.latentChannels();
        int area = latentH * latentW;
        FloatBuffer sample = OrtTensors.directFloats(batch * cl * frames * area);
        FloatBuffer tokens = OrtTensors.directFloats(batch * frames * audio.valuesPerFrame());
        FloatBuffer kps = OrtTensors.directFloats(batch * frames * keypoints.valuesPerFrame());
        Map<String, OnnxTensor> inputs = new HashMap<>(sharedInputs);
        OnnxTensor s = OrtTensors.view(sample, batch, cl, frames, latentH, latentW);
        OnnxTensor a = OrtTensors.view(tokens, (long) batch * frames, audio.tokens(), audio.width());
        OnnxTensor k = OrtTensors.view(kps, batch, dims.kpsChannels(), frames, latentH, latentW);
        shared.add(s);
        shared.add(a);
        shared.add(k);
        inputs.put("sample", s);
        inputs.put("audio_tokens", a);
        inputs.put("kps_features", k);
        int[] filledFaces = new int[frames];
        Arrays.fill(filledFaces, -1);
        return new WindowBuffers(sample, tokens, kps, Map.copyOf(inputs), filledFaces);
    }

    @Override
    public void close() {
        shared.forEach(OnnxTensor::close);
        shared.clear();
        pinned.values().forEach(m -> m.values().forEach(OnnxTensor::close));
        pinned.clear();
    }

    /** One window length's input buffers; {@code filledFaces} says which face each position of {@code kps} holds. */
    private record WindowBuffers(FloatBuffer sample, FloatBuffer audio, FloatBuffer kps, Map<String, OnnxTensor> inputs,
                                 int[] filledFaces) {
    }
}
