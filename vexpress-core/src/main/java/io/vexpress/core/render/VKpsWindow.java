package io.vexpress.core.render;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The V-Kps images of one context window as the denoising UNet reads them (model-bundle format 2's
 * {@code kps_images}): {@code [1, 3, frames, height, width]} bytes, the 8-bit RGB planes of
 * {@link VKpsRenderer}'s drawing, in a direct buffer that an ONNX Runtime tensor views without a copy.
 *
 * <p>Every window call redraws it ({@link #draw}) for the window's frames, cheaply: a position that shows the same
 * keypoints as last time is left alone (a still face, a single-window video: nothing after the first call), and
 * another face first blackens only the rectangle the previous one drew. So the cost is a few face-sized patches per
 * window, whatever the video's length or number of distinct faces, and the memory is the window's, never the
 * video's. Not thread-safe.
 */
public final class VKpsWindow {
    private final int frames;
    private final ByteBuffer images;
    private final BytePlaneCanvas[] canvases;
    private final float[] drawn;
    private final boolean[] known;
    private final VKpsRenderer.Scratch scratch = new VKpsRenderer.Scratch();

    /** A black window of {@code frames} images of {@code width x height}. */
    public VKpsWindow(int frames, int width, int height) {
        if (frames < 1 || width < 1 || height < 1) {
            throw new IllegalArgumentException("A V-Kps window needs positive sizes, got " + frames + " frames of " + width
                    + "x" + height);
        }
        int plane = Math.multiplyExact(width, height);
        this.frames = frames;
        this.images = ByteBuffer.allocateDirect(Math.multiplyExact(3 * frames, plane)).order(ByteOrder.nativeOrder());
        this.canvases = new BytePlaneCanvas[frames];
        for (int t = 0; t < frames; t++) {
            canvases[t] = new BytePlaneCanvas(images, t * plane, frames * plane, width, height);
        }
        this.drawn = new float[frames * 6];
        this.known = new boolean[frames];
    }

    /** The images, {@code [3, frames, height, width]} bytes (the batch dimension of 1 adds nothing). */
    public ByteBuffer buffer() {
        return images;
    }

    /** Frames per window. */
    public int frames() {
        return frames;
    }

    /**
     * Makes position {@code i} show frame {@code indices[i]} of {@code xy} (row-major {@code [frames, 3, 2]} keypoints,
     * as {@code KeypointSequence.toArray()}), for every position.
     *
     * @return how many positions were redrawn
     */
    public int draw(float[] xy, int[] indices) {
        if (indices.length != frames) {
            throw new IllegalArgumentException("Window of " + frames + " frames asked to show " + indices.length);
        }
        int redrawn = 0;
        for (int t = 0; t < frames; t++) {
            int base = indices[t] * 6;
            if (base < 0 || base + 6 > xy.length) {
                throw new IndexOutOfBoundsException("Frame " + indices[t] + " outside 0.." + (xy.length / 6 - 1));
            }
            if (known[t] && Arrays.equals(drawn, t * 6, t * 6 + 6, xy, base, base + 6)) {
                continue;
            }
            known[t] = false; // until the drawing below completes
            VKpsRenderer.draw(xy, base, canvases[t], scratch);
            System.arraycopy(xy, base, drawn, t * 6, 6);
            known[t] = true;
            redrawn++;
        }
        return redrawn;
    }
}
