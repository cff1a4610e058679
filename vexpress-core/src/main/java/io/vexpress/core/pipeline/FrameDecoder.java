package io.vexpress.core.pipeline;

import ai.onnxruntime.OnnxTensor;
import io.vexpress.CancellationToken;
import io.vexpress.core.postprocess.FrameOutputPipeline;
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
 * decoded video is never held in memory. Decodes on whichever thread calls it (one at a time); its own run
 * options follow the generation's token and can also be stopped alone ({@link #abort()}) when writing fails.
 */
final class FrameDecoder implements FrameOutputPipeline.FrameSource, AutoCloseable {
    private final ModelSession decoder;
    private final FloatTensor latents;
    private final CancellationToken stop = new CancellationToken();
    private final AutoCloseable followsGeneration;
    private final RunControl control;
    private final float inverseScaling;
    private final FloatBuffer latent;
    private final FloatBuffer image;
    private final OnnxTensor latentTensor;
    private final OnnxTensor imageTensor;
    private final int channels;
    private final int area;

    /** Decodes the frames of {@code latents} ({@code [1, C, T, h, w]}); cancelled with {@code token}. */
    FrameDecoder(ModelBundle bundle, FloatTensor latents, CancellationToken token, int width, int height) {
        this.decoder = bundle.sessions().acquire(ModelComponent.VAE_DECODER);
        this.latents = latents;
        // torch: 1 / 0.18215 * latents, the Python double rounded to the float32 tensor's type
        this.inverseScaling = (float) (1 / bundle.manifest().scalingFactor());
        this.channels = bundle.dimensions().latentChannels();
        int lh = height / 8;
        int lw = width / 8;
        this.area = lh * lw;
        this.latent = OrtTensors.directFloats(channels * area);
        this.image = OrtTensors.directFloats(3 * width * height);
        RunControl runControl = null;
        AutoCloseable link = null;
        OnnxTensor in = null;
        OnnxTensor out = null;
        try {
            runControl = new RunControl(stop, bundle.settings().arenaShrinkage());
            link = token.onCancel(stop::cancel);
            in = OrtTensors.view(latent, 1, channels, lh, lw);
            out = OrtTensors.view(image, 1, 3, height, width);
        } finally {
            if (out == null) {
                closeAll(in, link, runControl);
            }
        }
        this.control = runControl;
        this.followsGeneration = link;
        this.latentTensor = in;
        this.imageTensor = out;
    }

    /** Decodes frame {@code frame} and returns its pixels, {@code [3, H, W]} in [0, 1], valid until the next call. */
    @Override
    public FloatBuffer decode(int frame) {
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

    /** Stops a decode in progress (ONNX Runtime's terminate flag); later decodes fail as cancelled. */
    @Override
    public void abort() {
        stop.cancel();
    }

    @Override
    public void close() {
        closeAll(imageTensor, latentTensor, followsGeneration, control);
    }

    private static void closeAll(AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable r : resources) {
            try {
                if (r != null) {
                    r.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
