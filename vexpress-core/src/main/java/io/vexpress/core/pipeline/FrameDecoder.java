package io.vexpress.core.pipeline;

import ai.onnxruntime.OnnxTensor;
import io.vexpress.core.runtime.AfterRun;
import io.vexpress.core.runtime.ModelBundle;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.core.runtime.ModelSession;
import io.vexpress.core.runtime.OrtTensors;
import io.vexpress.core.runtime.RunControl;
import io.vexpress.core.tensor.FloatTensor;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * V-Express's {@code decode_latents}, one frame at a time: {@code latent / scaling_factor} → VAE decoder →
 * {@code (x / 2 + 0.5).clamp(0, 1)}, handing each {@code [3, H, W]} frame on before decoding the next, so the
 * decoded video is never held in memory.
 */
final class FrameDecoder implements AutoCloseable {
    private final ModelSession decoder;
    private final RunControl control;
    private final float inverseScaling;
    private final FloatBuffer latent;
    private final FloatBuffer image;
    private final OnnxTensor latentTensor;
    private final OnnxTensor imageTensor;
    private final int channels;
    private final int area;

    FrameDecoder(ModelBundle bundle, RunControl control, int width, int height) {
        this.decoder = bundle.sessions().acquire(ModelComponent.VAE_DECODER);
        this.control = control;
        // torch: 1 / 0.18215 * latents, the Python double rounded to the float32 tensor's type
        this.inverseScaling = (float) (1 / bundle.manifest().scalingFactor());
        this.channels = bundle.dimensions().latentChannels();
        int lh = height / 8;
        int lw = width / 8;
        this.area = lh * lw;
        this.latent = OrtTensors.directFloats(channels * area);
        this.image = OrtTensors.directFloats(3 * width * height);
        this.latentTensor = OrtTensors.view(latent, 1, channels, lh, lw);
        OnnxTensor out = null;
        try {
            out = OrtTensors.view(image, 1, 3, height, width);
        } finally {
            if (out == null) {
                latentTensor.close();
            }
        }
        this.imageTensor = out;
    }

    /**
     * Decodes frame {@code frame} of {@code latents} ({@code [1, C, T, h, w]}) and returns its pixels,
     * {@code [3, H, W]} in [0, 1], valid until the next call.
     */
    FloatBuffer decode(FloatTensor latents, int frame) {
        int frames = latents.frames();
        for (int c = 0; c < channels; c++) {
            int from = (c * frames + frame) * area;
            for (int i = 0; i < area; i++) {
                latent.put(c * area + i, inverseScaling * latents.get(from + i));
            }
        }
        decoder.runInto(Map.of("latent", latentTensor), Map.of("image", imageTensor), control,
                frame == frames - 1 ? AfterRun.SHRINK_ARENA : AfterRun.KEEP_ARENA);
        for (int i = 0, n = image.capacity(); i < n; i++) {
            float v = image.get(i) / 2f + 0.5f;
            image.put(i, v < 0f ? 0f : (v > 1f ? 1f : v));
        }
        return image.duplicate().clear();
    }

    @Override
    public void close() {
        latentTensor.close();
        imageTensor.close();
    }
}
