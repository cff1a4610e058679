package io.vexpress.core.postprocess;

import io.vexpress.InvalidInputException;
import io.vexpress.media.RgbImage;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Turns decoded frames into 8-bit RGB frames the way V-Express's {@code save_video} does: (on by default)
 * {@code median_filter_3d}, the median of each 3x3x3 neighbourhood over time, height and width per channel
 * with torch's {@code 'reflect'} borders, then truncating quantisation {@code (x * 255).astype(uint8)}. We
 * quantise first and filter bytes: the median of an odd count commutes with a non-decreasing map, so the bytes
 * are the same, except that a NaN, which torch's median propagates to its whole window, is tracked apart.
 *
 * <p>Streaming: push frames one by one ({@code [3, H, W]} planar float32 in [0, 1], the VAE decoder's
 * layout); each filtered frame goes to the consumer as soon as its successor is known, so with the filter
 * there is one frame of lag, and {@link #finish()} emits the last frame. Only three quantised frames are held.
 * Without the filter, each frame is emitted at once. Not thread-safe; {@link #close()} stops the row threads.
 */
public final class VideoPostFilter implements AutoCloseable {
    private final int width;
    private final int height;
    private final PostFilterStream stream;
    private final FrameLoader loader;
    private final ArrayDeque<QuantisedFrame> free = new ArrayDeque<>(3);

    /**
     * A post-filter that filters each frame on the calling thread.
     *
     * @param medianFilter whether to apply the 3x3x3 median filter (V-Express always does)
     * @param output receives the frames in order
     */
    public VideoPostFilter(int width, int height, boolean medianFilter, Consumer<RgbImage> output) {
        this(width, height, medianFilter, 1, output);
    }

    /**
     * @param rowThreads threads that quantise bands of rows and filter bands of columns of one frame together (the
     *                   calling thread and {@code rowThreads - 1} helpers, stopped by {@link #close()})
     */
    public VideoPostFilter(int width, int height, boolean medianFilter, int rowThreads, Consumer<RgbImage> output) {
        checkSize(width, height);
        if (output == null) {
            throw new InvalidInputException("The post-filter needs an output for its frames.");
        }
        if (rowThreads < 1) {
            throw new InvalidInputException("The post-filter needs at least one thread, got " + rowThreads + ".");
        }
        this.width = width;
        this.height = height;
        this.stream = new PostFilterStream(width, height, medianFilter, rowThreads,
                rgb -> output.accept(RgbImage.of(width, height, rgb)), free::push);
        this.loader = new FrameLoader(width, height, stream.rows());
    }

    static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height * 3 > Integer.MAX_VALUE - 64) {
            throw new InvalidInputException("Frame size must be positive and fit in memory, got " + width + "x" + height + ".");
        }
    }

    /** Number of floats one frame has: {@code 3 * height * width}. */
    public int frameLength() {
        return 3 * width * height;
    }

    /** Pushes the next frame, {@code [3, H, W]} planar float32 starting at {@code offset}. */
    public void push(float[] chw, int offset) {
        checkLength(chw, offset);
        accept(frame -> loader.load(frame, chw, offset, false));
    }

    /**
     * Pushes the next frame straight from the VAE decoder ({@code [3, H, W]} planar, nominally [-1, 1]),
     * applying V-Express's {@code (image / 2 + 0.5).clamp(0, 1)} from decode_latents on the fly.
     */
    public void pushVaeOutput(float[] chw, int offset) {
        checkLength(chw, offset);
        accept(frame -> loader.load(frame, chw, offset, true));
    }

    /** Pushes the next frame, {@code [3, H, W]} planar float32 from the buffer's position (the position is not moved). */
    public void push(FloatBuffer chw) {
        if (chw == null || chw.remaining() < frameLength()) {
            throw new InvalidInputException("A frame of " + width + "x" + height + " needs " + frameLength()
                    + " floats ([3, H, W]), got " + (chw == null ? "null" : chw.remaining()) + ".");
        }
        accept(frame -> loader.load(frame, chw));
    }

    private void checkLength(float[] chw, int offset) {
        if (chw == null || offset < 0 || chw.length - offset < frameLength()) {
            throw new InvalidInputException("A frame of " + width + "x" + height + " needs " + frameLength()
                    + " floats ([3, H, W]) from offset " + offset + ", got " + (chw == null ? "null" : chw.length) + ".");
        }
    }

    private void accept(Consumer<QuantisedFrame> load) {
        stream.checkOpen();
        QuantisedFrame frame = free.isEmpty() ? stream.newFrame() : free.pop();
        try {
            load.accept(frame);
        } catch (RuntimeException e) {
            free.push(frame);
            throw e;
        }
        stream.accept(frame);
    }

    /** Emits the frame still held back by the filter. Call once after the last push. */
    public void finish() {
        stream.finish();
    }

    /** Frames pushed so far. */
    public long framesPushed() {
        return stream.frames();
    }

    /** Stops the helper threads of {@code rowThreads > 1}. Idempotent. */
    @Override
    public void close() {
        stream.close();
    }
}
