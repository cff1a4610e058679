package io.vexpress.core.pipeline;

import io.vexpress.core.render.VKpsWindow;
import io.vexpress.keypoints.KeypointSequence;
import java.util.concurrent.atomic.LongAdder;

/**
 * The keypoint conditioning of every context window: the video's driving keypoints (aligned and retargeted, one
 * face per frame), drawn as V-Kps images into the denoising UNet's {@code kps_images} input when a window runs.
 *
 * <p>V-Express runs its V-Kps guider once over the whole video ({@code prepare_kps_feature}, {@code [2, 320, T, 64,
 * 64]} floats: 19 GB for 60 s at 512x512). In model-bundle format 2 the UNet runs the guider itself on the window's
 * images, once per call for both guidance halves, so the engine holds no features at all: per window call it draws
 * the faces that changed (about 64-80 µs per changed frame at 512x512, see {@link VKpsWindow} and
 * vexpress-benchmarks/README.md), and its memory is one window of 8-bit
 * images whatever the video's length or number of distinct faces.
 */
final class KeypointImages {
    private final float[] xy;
    private final int width;
    private final int height;
    // the denoisers of several devices draw their own windows at once
    private final LongAdder drawnFrames = new LongAdder();

    KeypointImages(KeypointSequence keypoints, int width, int height) {
        this.xy = keypoints.toArray();
        this.width = width;
        this.height = height;
    }

    /** A black window input of {@code frames} images. */
    VKpsWindow newWindow(int frames) {
        return new VKpsWindow(frames, width, height);
    }

    /** Makes {@code window} show the faces of video frames {@code frames}. */
    void show(int[] frames, VKpsWindow window) {
        drawnFrames.add(window.draw(xy, frames));
    }

    /** Window positions drawn so far (positions that kept their face are not counted), for tests and logs. */
    long drawnFrames() {
        return drawnFrames.sum();
    }
}
