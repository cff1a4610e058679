package io.vexpress.core.pipeline;

import io.vexpress.core.denoise.ContextWindows;
import io.vexpress.core.render.VKpsWindow;
import io.vexpress.keypoints.KeypointSequence;

/**
 * The keypoint conditioning of one denoising window call alone, as {@link OnnxDenoiser} does it before every UNet
 * run (the window's faces painted into its {@code kps_images} buffer by {@link KeypointImages}), windows in the
 * loop's order, so that a benchmark resolves the keypoints' share of a call without ONNX Runtime's per-call noise.
 *
 * <p>It lives in the engine's package (from vexpress-benchmarks) because the keypoint stage is internal; it is
 * not part of the SDK.
 */
public final class WindowKeypointsFixture {
    private final ContextWindows windows;
    private final KeypointImages keypoints;
    private final VKpsWindow window;
    private int next;

    /**
     * @param keypoints the video's driving keypoints, one face per frame
     * @param size image width and height
     */
    public WindowKeypointsFixture(KeypointSequence keypoints, int size) {
        windows = ContextWindows.uniform(keypoints.frameCount(), 24, 4);
        this.keypoints = new KeypointImages(keypoints, size, size);
        window = this.keypoints.newWindow(24);
    }

    /** Context windows of the video. */
    public int windows() {
        return windows.count();
    }

    /**
     * Draws the next window's faces (after the last window, the first one again, as the next step).
     *
     * @return how many window positions were redrawn
     */
    public long showNext() {
        long before = keypoints.drawnFrames();
        keypoints.show(windows.window(next), window);
        next = (next + 1) % windows.count();
        return keypoints.drawnFrames() - before;
    }
}
