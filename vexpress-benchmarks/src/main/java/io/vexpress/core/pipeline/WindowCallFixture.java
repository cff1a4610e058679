package io.vexpress.core.pipeline;

import io.vexpress.AttentionWeights;
import io.vexpress.CancellationToken;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.denoise.ContextWindows;
import io.vexpress.core.runtime.ModelBundle;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.core.runtime.RunControl;
import io.vexpress.core.tensor.FloatTensor;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.RgbImage;
import java.nio.file.Path;
import java.util.Random;

/**
 * What the DENOISING stage hands the UNet for every window of a video, built as {@link Generation} builds it,
 * so that a benchmark can time one window call ({@link #callNext}) directly: the keypoint conditioning of the
 * window, binding the inputs and the UNet run, guided (batch 2), windows in the loop's order.
 *
 * <p>It lives in the engine's package (from vexpress-benchmarks) because the denoiser and its inputs are
 * internal types; it is not part of the SDK.
 */
public final class WindowCallFixture implements AutoCloseable {
    private final ModelBundle bundle;
    private final RunControl control = new RunControl(new CancellationToken());
    private final ContextWindows windows;
    private final OnnxDenoiser denoiser;
    private final FloatTensor input;
    private final FloatTensor prediction;
    private final AttentionWeights weights = new AttentionWeights(1.0, 1.0);
    private int next;

    /**
     * @param bundleFolder a model bundle
     * @param keypoints the video's driving keypoints, one face per frame
     * @param waveform 16 kHz mono audio of the video
     * @param size image width and height
     */
    public WindowCallFixture(Path bundleFolder, KeypointSequence keypoints, float[] waveform, RgbImage reference, int size) {
        bundle = ModelBundle.open(TalkingHeadGenerator.builder().setModelBundle(bundleFolder).optIntraOpThreads(2).toConfig());
        int frames = keypoints.frameCount();
        windows = ContextWindows.uniform(frames, 24, 4);
        ReferenceFeatures reference0 = ReferenceEncoder.encode(reference, bundle, control);
        AudioTokens audio = AudioConditioner.encode(waveform, frames, bundle, control);
        KeypointImages kps = new KeypointImages(keypoints, size, size);
        int latent = size / 8;
        denoiser = new OnnxDenoiser(bundle.sessions().acquire(ModelComponent.DENOISING_UNET), control, bundle.dimensions(),
                reference0, audio, kps, latent, latent, true, Long.MAX_VALUE); // calls without end: never the last

        input = FloatTensor.zeros(1, bundle.dimensions().latentChannels(), 24, latent, latent);
        Random random = new Random(42);
        for (int i = 0; i < input.size(); i++) {
            input.set(i, (float) random.nextGaussian());
        }
        prediction = FloatTensor.zeros(2, bundle.dimensions().latentChannels(), 24, latent, latent);
    }

    /** Context windows of the video. */
    public int windows() {
        return windows.count();
    }

    /** One guided UNet call for the next window (after the last window, the first one again, as the next step). */
    public void callNext() {
        int[] frames = windows.window(next);
        if (frames.length != input.frames()) {
            throw new IllegalStateException("The video's windows must all be 24 frames long, window " + next + " has " + frames.length);
        }
        denoiser.predict(input, frames, 500, 0, weights, true, prediction);
        next = (next + 1) % windows.count();
    }

    @Override
    public void close() {
        denoiser.close();
        control.close();
        bundle.close();
    }
}
