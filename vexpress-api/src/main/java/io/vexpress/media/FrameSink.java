package io.vexpress.media;

/**
 * Receives the generated frames one by one, in order, as soon as they are decoded, so a video is never
 * held in memory as a whole.
 *
 * <p>Life cycle: {@link #write} for every frame, then {@link #commit()} once, then {@link #close()}.
 * A sink closed without a commit (failure or cancellation) must discard what it wrote, so that no
 * partial output is left behind; file sinks write to a temporary file next to the target and move it
 * into place in {@code commit()}.
 */
public interface FrameSink extends AutoCloseable {

    /** Accepts the next frame. */
    void write(RgbImage frame);

    /** Completes the output (e.g. finishes the file and moves it into place). */
    void commit();

    /** Releases resources; discards the output if {@link #commit()} was not called. Idempotent. */
    @Override
    void close();
}
