package io.vexpress.media;

/**
 * Where generated frames go. The engine calls {@link #open} once it knows the frame count and rate.
 * vexpress-media provides MP4 files, PNG sequences and in-memory collections; implement this to
 * post-process frames yourself.
 */
@FunctionalInterface
public interface VideoOutput {

    /** Opens a sink for a video of the given format. */
    FrameSink open(VideoFormat format);

    /**
     * Checks, before any model runs, that {@link #open} will be able to create the output (for a file: that a temporary
     * file can be made and deleted in its folder), so that an unwritable output fails in milliseconds rather than after
     * the denoising. The default checks nothing.
     *
     * @throws io.vexpress.InvalidInputException naming the reason when the output cannot be written
     */
    default void checkWritable() {
    }

    /** A short description for logs and errors, e.g. the file path. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
