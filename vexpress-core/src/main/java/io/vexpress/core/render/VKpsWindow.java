package io.vexpress.core.render;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The V-Kps images of one context window as the denoising UNet reads them (model-bundle format 2's
 * {@code kps_images}): {@code [1, 3, frames, height, width]} bytes, the 8-bit RGB planes of a {@link VKpsVideo}'s
 * frames, in a direct buffer that an ONNX Runtime tensor views without a copy.
 *
 * <p>Every window call shows the window's frames ({@link #show}): a position that already shows the frame's face is
 * left alone (a still face, a single-window video: nothing after the first call); at another, the runs of the face
 * it held are painted black and the new face's runs painted in. So the cost is the runs of the faces that changed
 * (a few microseconds a frame), whatever the video's length or number of distinct faces, and the memory is the
 * window's, never the video's. Not thread-safe: each denoiser has its own.
 */
public final class VKpsWindow {
    private final VKpsVideo video;
    private final int frames;
    private final int plane;
    private final ByteBuffer images;
    /** Per position: the face it shows, -1 (black) or {@link #UNKNOWN}. */
    private final int[] shown;
    private static final int UNKNOWN = -2;
    private final byte[] blackRow;

    /** A black window of {@code frames} images of {@code video}'s size. */
    public VKpsWindow(VKpsVideo video, int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("A V-Kps window needs at least one frame, got " + frames);
        }
        this.video = video;
        this.frames = frames;
        this.plane = Math.multiplyExact(video.width(), video.height());
        this.images = ByteBuffer.allocateDirect(Math.multiplyExact(3 * frames, plane)).order(ByteOrder.nativeOrder());
        this.shown = new int[frames];
        this.blackRow = new byte[video.width()];
        Arrays.fill(shown, -1);
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
     * Makes position {@code i} show video frame {@code indices[i]}, for every position.
     *
     * @return how many positions were redrawn
     */
    public int show(int[] indices) {
        if (indices.length != frames) {
            throw new IllegalArgumentException("Window of " + frames + " frames asked to show " + indices.length);
        }
        int redrawn = 0;
        for (int t = 0; t < frames; t++) {
            int face = video.faceOf(indices[t]);
            int held = shown[t];
            if (held == face) {
                continue;
            }
            int red = t * plane;
            int green = (frames + t) * plane;
            int blue = (2 * frames + t) * plane;
            shown[t] = UNKNOWN; // until both paints complete: after a failure the position is blackened whole next time
            if (held == UNKNOWN) {
                for (int row = 0; row < plane; row += blackRow.length) {
                    images.put(red + row, blackRow).put(green + row, blackRow).put(blue + row, blackRow);
                }
            } else if (held >= 0) {
                video.paint(held, true, images, red, green, blue);
            }
            video.paint(face, false, images, red, green, blue);
            shown[t] = face;
            redrawn++;
        }
        return redrawn;
    }
}
