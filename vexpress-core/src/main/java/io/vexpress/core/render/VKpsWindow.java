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
 * keypoints as last time is left alone (a still face, a single-window video: nothing after the first call); for
 * another face is drawn into a heap scratch image and copied in over the union of its rectangle and the
 * previous face's, which draws the one and blackens the other in a pass. So the cost is a few face-sized patches per window, whatever the
 * video's length or number of distinct faces, and the memory is the window's, never the video's. Not thread-safe.
 */
public final class VKpsWindow {
    private final int frames;
    private final int width;
    private final int plane;
    private final ByteBuffer images;
    private final BytePlaneCanvas scratch;
    private final VKpsRenderer.Scratch drawing = new VKpsRenderer.Scratch();
    private final float[] drawn;
    private final boolean[] known;
    /** Per position: top, bottom, left, right of what it holds (bottom &lt; top: black). */
    private final int[] boxes;

    /** A black window of {@code frames} images of {@code width x height}. */
    public VKpsWindow(int frames, int width, int height) {
        if (frames < 1 || width < 1 || height < 1) {
            throw new IllegalArgumentException("A V-Kps window needs positive sizes, got " + frames + " frames of " + width
                    + "x" + height);
        }
        this.frames = frames;
        this.width = width;
        this.plane = Math.multiplyExact(width, height);
        this.images = ByteBuffer.allocateDirect(Math.multiplyExact(3 * frames, plane)).order(ByteOrder.nativeOrder());
        this.scratch = new BytePlaneCanvas(width, height);
        this.drawn = new float[frames * 6];
        this.known = new boolean[frames];
        this.boxes = new int[frames * 4];
        for (int t = 0; t < frames; t++) {
            boxes[t * 4 + 1] = -1;
        }
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
            known[t] = false; // until the copy below completes
            VKpsRenderer.draw(xy, base, scratch, drawing); // clears the scratch's previous face first
            replace(t);
            System.arraycopy(xy, base, drawn, t * 6, 6);
            known[t] = true;
            redrawn++;
        }
        return redrawn;
    }

    /**
     * Copies the scratch image into position {@code t} over the union of the rectangle the position holds and the
     * one the scratch drew: the scratch is black outside its rectangle, so this draws the new face and blackens the
     * old one in one pass, row by row.
     */
    private void replace(int t) {
        int top = boxes[t * 4];
        int bottom = boxes[t * 4 + 1];
        int left = boxes[t * 4 + 2];
        int right = boxes[t * 4 + 3];
        if (!scratch.blank()) {
            if (bottom < top) {
                top = scratch.top();
                bottom = scratch.bottom();
                left = scratch.left();
                right = scratch.right();
            } else {
                top = Math.min(top, scratch.top());
                bottom = Math.max(bottom, scratch.bottom());
                left = Math.min(left, scratch.left());
                right = Math.max(right, scratch.right());
            }
        }
        // what the position holds from now on (set first: a failure below leaves a rectangle too large, never too small)
        boxes[t * 4] = top;
        boxes[t * 4 + 1] = bottom;
        boxes[t * 4 + 2] = left;
        boxes[t * 4 + 3] = right;
        byte[] src = scratch.planes();
        int n = right - left + 1;
        for (int y = top; y <= bottom; y++) {
            int row = y * width + left;
            for (int c = 0; c < 3; c++) {
                images.put((c * frames + t) * plane + row, src, c * plane + row, n);
            }
        }
        if (!scratch.blank()) {
            boxes[t * 4] = scratch.top();
            boxes[t * 4 + 1] = scratch.bottom();
            boxes[t * 4 + 2] = scratch.left();
            boxes[t * 4 + 3] = scratch.right();
        } else {
            boxes[t * 4] = 0;
            boxes[t * 4 + 1] = -1;
        }
    }
}
