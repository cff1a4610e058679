package io.vexpress.core.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.vexpress.core.conditioning.AudioFrameAligner;
import io.vexpress.core.conditioning.WaveformNormalizer;
import io.vexpress.core.runtime.AfterRun;
import io.vexpress.core.runtime.BundleDimensions;
import io.vexpress.core.runtime.ModelBundle;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.core.runtime.OrtTensors;
import io.vexpress.core.runtime.RunControl;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The AUDIO stage, V-Express's {@code prepare_audio_embeddings}: wav2vec2 normalisation, the audio encoder,
 * linear interpolation to two rows per frame with zero padding, per-frame windows of {@code 2*(2P+1)} rows of
 * the encoder's width {@code Da}, and the audio projection to {@code 2P+1} tokens of the UNet's width {@code Dt}
 * (the two widths may differ), run in chunks of frames (rows are independent) so no {@code [frames, 10, 768]}
 * array is ever built.
 */
final class AudioConditioner {
    private static final int PROJECTION_CHUNK = 64;

    private AudioConditioner() {
    }

    static AudioTokens encode(float[] waveform, int frames, ModelBundle bundle, RunControl control) {
        float[] input = bundle.manifest().audioNormalize() ? WaveformNormalizer.normalize(waveform) : waveform;
        BundleDimensions dims = bundle.dimensions();
        int featureWidth = dims.audioFeatureWidth();
        int tokenWidth = dims.audioTokenWidth();
        AudioFrameAligner aligner;
        FloatBuffer wave = OrtTensors.directFloats(input.length);
        wave.put(0, input);
        try (OnnxTensor in = OrtTensors.view(wave, 1, input.length);
             OrtSession.Result r = bundle.sessions().acquire(ModelComponent.AUDIO_ENCODER).run(Map.of("waveform", in), control,
                     AfterRun.SHRINK_ARENA)) {
            long[] shape = ModelIo.shape(r, "last_hidden_state");
            ModelIo.expect("audio_encoder", "last_hidden_state", shape, 2, featureWidth);
            int rows = (int) shape[1];
            float[] hidden = new float[Math.multiplyExact(rows, featureWidth)];
            ModelIo.floats(r, "last_hidden_state").get(0, hidden);
            aligner = new AudioFrameAligner(hidden, rows, featureWidth, frames, bundle.manifest().numPadAudioFrames());
        }
        int tokens = dims.audioTokens();
        int perIn = aligner.valuesPerFrame();
        int perOut = tokens * tokenWidth;
        float[] out = new float[Math.multiplyExact(frames, perOut)];
        int chunk = Math.min(PROJECTION_CHUNK, frames);
        FloatBuffer windows = OrtTensors.directFloats(chunk * perIn);
        FloatBuffer projected = OrtTensors.directFloats(chunk * perOut);
        int[] ids = new int[chunk];
        for (int start = 0; start < frames; start += chunk) {
            control.token().throwIfCancelled();
            int n = Math.min(chunk, frames - start);
            int[] frameIds = n == chunk ? ids : new int[n];
            for (int i = 0; i < n; i++) {
                frameIds[i] = start + i;
            }
            aligner.windowTokens(frameIds, windows, 0);
            try (OnnxTensor in = OrtTensors.view(windows.duplicate().position(0).limit(n * perIn), n, aligner.tokensPerFrame(),
                    featureWidth);
                 OnnxTensor o = OrtTensors.view(projected.duplicate().position(0).limit(n * perOut), n, tokens, tokenWidth)) {
                bundle.sessions().acquire(ModelComponent.AUDIO_PROJECTION).runInto(Map.of("audio_windows", in),
                        Map.of("audio_tokens", o), control, start + n == frames ? AfterRun.SHRINK_ARENA : AfterRun.KEEP_ARENA);
            }
            projected.get(0, out, start * perOut, n * perOut);
        }
        return new AudioTokens(out, frames, tokens, tokenWidth);
    }
}
