package io.vexpress.core.pipeline;

import io.vexpress.core.render.VKpsVideo;
import io.vexpress.core.render.VKpsWindow;
import io.vexpress.keypoints.KeypointSequence;
import java.util.concurrent.atomic.LongAdder;

/**
 * The keypoint conditioning of every context window: the video's driving keypoints (aligned and retargeted, one
 * face per frame) drawn once as V-Kps images, shown in the denoising UNet's {@code kps_images} input when a window
 * runs.
 *
 * <p>V-Express runs its V-Kps guider once over the whole video ({@code prepare_kps_feature}, {@code [2, 320, T, 64,
 * 64]} floats: 19 GB for 60 s at 512x512). In model-bundle format 2 the UNet runs the guider itself on the window's
 * images, once per call for both guidance halves, so the engine holds no features at all. The images are drawn here,
 * once per distinct face, and kept as runs of colour off the heap ({@link VKpsVideo}: about 1.4 KB a face at
 * 512x512); a window call repaints only the positions whose face changed, from those runs ({@link VKpsWindow}), so
 * its cost and the heap stay flat in the video's length and number of distinct faces.
 */
final class KeypointImages {
    private final VKpsVideo video;
    // the denoisers of several devices draw their own windows at once
    private final LongAdder drawnFrames = new LongAdder();

    KeypointImages(KeypointSequence keypoints, int width, int height) {
        this.video = VKpsVideo.draw(keypoints.toArray(), width, height);
    }

    /** A black window input of {@code frames} images. */
    VKpsWindow newWindow(int frames) {
        return new VKpsWindow(video, frames);
    }

    /** Makes {@code window} show the faces of video frames {@code frames}. */
    void show(int[] frames, VKpsWindow window) {
        drawnFrames.add(window.show(frames));
    }

    /** Window positions drawn so far (positions that kept their face are not counted), for tests and logs. */
    long drawnFrames() {
        return drawnFrames.sum();
    }

    /** Distinct faces drawn. */
    int faces() {
        return video.faces();
    }

    /** Bytes the drawn faces take off the heap. */
    long nativeBytes() {
        return video.nativeBytes();
    }
}
