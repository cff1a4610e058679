package io.vexpress.media;

/**
 * Receives the generated frames one by one, in order, as soon as they are decoded, so a video is never
 * held in memory as a whole.
 *
 * <p>Life cycle: {@link #write} (or {@link #writeRgb}) for every frame, then {@link #commit()} once, then
 * {@link #close()}. A sink closed without a commit (failure or cancellation) must discard what it wrote, so
 * that no partial output is left behind; file sinks write to a temporary file next to the target and move it
 * into place in {@code commit()}.
 */
public interface FrameSink extends AutoCloseable {

    /** Accepts the next frame. */
    void write(RgbImage frame);

    /**
     * Accepts the next frame as interleaved RGB bytes ({@code width * height * 3}, row by row) in an array the
     * caller reuses for the following frames: the sink reads or copies the pixels before returning and keeps no
     * reference to the array. Large frames (paste-back into a 4000x3000 photo) come this way, so that no
     * full-size image is allocated per frame. The default copies the bytes into an {@link RgbImage} for
     * {@link #write(RgbImage)}; encoders override it to read the array directly.
     */
    default void writeRgb(int width, int height, byte[] rgb) {
        write(RgbImage.of(width, height, rgb));
    }

    /** Completes the output (e.g. finishes the file and moves it into place). */
    void commit();

    /** Releases resources; discards the output if {@link #commit()} was not called. Idempotent. */
    @Override
    void close();
}
