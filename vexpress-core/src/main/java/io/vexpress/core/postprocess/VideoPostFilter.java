package io.vexpress.core.postprocess;

import io.vexpress.InvalidInputException;
import io.vexpress.media.RgbImage;
import java.nio.FloatBuffer;
import java.util.function.Consumer;

/**
 * Turns decoded frames into 8-bit RGB frames the way V-Express's {@code save_video} does: truncating
 * quantisation {@code (x * 255).astype(uint8)}, then (on by default) scipy's
 * {@code median_filter(video, size=(3, 3, 3, 1))}, a 3x3x3 median over time, height and width per channel
 * with reflect borders. The reference quantises before filtering; since the median commutes with any
 * monotone map, the order would not matter, and filtering bytes is faster.
 *
 * <p>Streaming: push frames one by one ({@code [3, H, W]} planar float32 in [0, 1], the VAE decoder's
 * layout); each filtered frame goes to the consumer as soon as its successor is known, so with the filter
 * there is one frame of lag, and {@link #finish()} emits the last frame. Only three quantised frames are held.
 * Without the filter, each frame is emitted at once. Not thread-safe.
 */
public final class VideoPostFilter {
    private final int width;
    private final int height;
    private final boolean median;
    private final Consumer<RgbImage> output;
    private final MedianFilter3x3x3 filter;
    private final byte[][] ring = new byte[3][]; // quantised planar frames, indexed by frame % 3
    private final byte[] rgb;
    private long pushed;
    private boolean finished;

    /**
     * @param medianFilter whether to apply the 3x3x3 median filter (V-Express always does)
     * @param output receives the frames in order
     */
    public VideoPostFilter(int width, int height, boolean medianFilter, Consumer<RgbImage> output) {
        if (width <= 0 || height <= 0 || (long) width * height * 3 > Integer.MAX_VALUE) {
            throw new InvalidInputException("Frame size must be positive and fit in memory, got " + width + "x" + height + ".");
        }
        if (output == null) {
            throw new InvalidInputException("The post-filter needs an output for its frames.");
        }
        this.width = width;
        this.height = height;
        this.median = medianFilter;
        this.output = output;
        this.filter = medianFilter ? new MedianFilter3x3x3(width, height) : null;
        int size = width * height * 3;
        for (int i = 0; i < (medianFilter ? 3 : 1); i++) {
            ring[i] = new byte[size];
        }
        this.rgb = new byte[size];
    }

    /** Number of floats one frame has: {@code 3 * height * width}. */
    public int frameLength() {
        return 3 * width * height;
    }

    /** Pushes the next frame, {@code [3, H, W]} planar float32 starting at {@code offset}. */
    public void push(float[] chw, int offset) {
        checkOpen();
        checkLength(chw, offset);
        FrameQuantiser.quantise(chw, offset, slot(pushed), frameLength());
        accept();
    }

    /**
     * Pushes the next frame straight from the VAE decoder ({@code [3, H, W]} planar, nominally [-1, 1]),
     * applying V-Express's {@code (image / 2 + 0.5).clamp(0, 1)} from decode_latents on the fly.
     */
    public void pushVaeOutput(float[] chw, int offset) {
        checkOpen();
        checkLength(chw, offset);
        FrameQuantiser.quantiseVaeOutput(chw, offset, slot(pushed), frameLength());
        accept();
    }

    private void checkLength(float[] chw, int offset) {
        if (chw == null || offset < 0 || chw.length - offset < frameLength()) {
            throw new InvalidInputException("A frame of " + width + "x" + height + " needs " + frameLength()
                    + " floats ([3, H, W]) from offset " + offset + ", got " + (chw == null ? "null" : chw.length) + ".");
        }
    }

    /** Pushes the next frame, {@code [3, H, W]} planar float32 from the buffer's position (the position is not moved). */
    public void push(FloatBuffer chw) {
        checkOpen();
        if (chw == null || chw.remaining() < frameLength()) {
            throw new InvalidInputException("A frame of " + width + "x" + height + " needs " + frameLength()
                    + " floats ([3, H, W]), got " + (chw == null ? "null" : chw.remaining()) + ".");
        }
        FrameQuantiser.quantise(chw, slot(pushed), frameLength());
        accept();
    }

    /** Emits the frame still held back by the filter. Call once after the last push. */
    public void finish() {
        checkOpen();
        finished = true;
        if (median && pushed > 0) {
            long last = pushed - 1;
            emitFiltered(last, slot(last)); // the missing next frame reflects to the last one
        }
    }

    /** Frames pushed so far. */
    public long framesPushed() {
        return pushed;
    }

    private void accept() {
        long index = pushed++;
        if (!median) {
            emit(slot(index));
        } else if (index >= 1) {
            emitFiltered(index - 1, slot(index));
        }
    }

    /** Emits frame {@code t}, whose successor is {@code next}. */
    private void emitFiltered(long t, byte[] next) {
        byte[] previous = t == 0 ? slot(t) : slot(t - 1);
        filter.filter(previous, slot(t), next, rgb);
        output.accept(RgbImage.of(width, height, rgb));
    }

    private void emit(byte[] planar) {
        int plane = width * height;
        for (int i = 0, o = 0; i < plane; i++, o += 3) {
            rgb[o] = planar[i];
            rgb[o + 1] = planar[plane + i];
            rgb[o + 2] = planar[2 * plane + i];
        }
        output.accept(RgbImage.of(width, height, rgb));
    }

    private byte[] slot(long frame) {
        return ring[(int) (frame % (median ? 3 : 1))];
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("finish() was already called on this post-filter.");
        }
    }
}
