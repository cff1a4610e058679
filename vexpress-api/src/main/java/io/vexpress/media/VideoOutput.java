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

    /** A short description for logs and errors, e.g. the file path. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
