package io.vexpress.core.postprocess;

import java.util.function.Consumer;

/**
 * The post-filter's order in time: takes quantised frames in order and emits each as interleaved RGB, with
 * the median as soon as its successor has arrived (one frame of lag; {@link #finish()} emits the last). The
 * neighbours in time reflect like torch's {@code 'reflect'} padding: frame 0 sees frame 1 on both sides, frame
 * T-1 sees frame T-2; a single frame (where V-Express's padding raises an error) sees itself. Frames it no
 * longer needs go to {@code recycle}; it holds at most three. Used by one thread.
 */
final class PostFilterStream implements AutoCloseable {
    private final int width;
    private final int height;
    private final boolean median;
    private final RowBands rows;
    private final MedianFilter3x3x3 filter;
    private final Consumer<byte[]> output;
    private final Consumer<QuantisedFrame> recycle;
    private final byte[] rgb;
    private QuantisedFrame older; // frame t-2 (when t frames arrived)
    private QuantisedFrame previous; // t-1
    private long frames;
    private boolean finished;

    /**
     * @param output    receives each frame's interleaved RGB bytes, valid during the call
     * @param recycle   receives the frames the stream is done with
     */
    PostFilterStream(int width, int height, boolean median, int rowThreads, Consumer<byte[]> output,
                     Consumer<QuantisedFrame> recycle) {
        this.width = width;
        this.height = height;
        this.median = median;
        this.output = output;
        this.recycle = recycle;
        this.rows = new RowBands(height, median ? rowThreads : 1);
        this.filter = median ? new MedianFilter3x3x3(width, height, rows) : null;
        this.rgb = median ? new byte[3 * width * height] : null;
    }

    /** The row threads of this stream, to load frames with as well. */
    RowBands rows() {
        return rows;
    }

    /** A frame to load and pass to {@link #accept}. */
    QuantisedFrame newFrame() {
        return new QuantisedFrame(width, height, median);
    }

    void accept(QuantisedFrame frame) {
        checkOpen();
        frames++;
        if (!median) {
            output.accept(frame.rgb);
            recycle.accept(frame);
            return;
        }
        if (previous != null) {
            filter.filter(older != null ? older : frame, previous, frame, rgb);
            output.accept(rgb);
        }
        if (older != null) {
            recycle.accept(older);
        }
        older = previous;
        previous = frame;
    }

    /** Emits the frame still held back. Call once after the last frame. */
    void finish() {
        checkOpen();
        finished = true;
        if (previous != null) {
            QuantisedFrame neighbour = older != null ? older : previous; // frame T reflects to T-2
            filter.filter(neighbour, previous, neighbour, rgb);
            output.accept(rgb);
            recycle.accept(previous);
            if (older != null) {
                recycle.accept(older);
            }
            previous = null;
            older = null;
        }
    }

    void checkOpen() {
        if (finished) {
            throw new IllegalStateException("finish() was already called on this post-filter.");
        }
    }

    long frames() {
        return frames;
    }

    @Override
    public void close() {
        rows.close();
    }
}
