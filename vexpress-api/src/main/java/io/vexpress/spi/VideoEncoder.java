package io.vexpress.spi;

import io.vexpress.media.FrameSink;
import io.vexpress.media.VideoFormat;
import java.nio.file.Path;

/** Encodes frames (and the format's audio) into a video file such as MP4 with H.264 and AAC. */
public interface VideoEncoder extends ServicePriority {

    /** Opens a sink that writes {@code output} atomically (see {@link FrameSink}). */
    FrameSink open(Path output, VideoFormat format);

    /**
     * The largest frame, in pixels (width x height), this encoder can write; the engine keeps pasted-back videos
     * within it. Default: no limit.
     */
    default long maxFramePixels() {
        return Long.MAX_VALUE;
    }

    /**
     * Checks, before any model runs, that {@link #open} can write {@code output}: a container this encoder writes for
     * its extension, and a folder where a temporary file can be created and deleted. The default checks nothing.
     *
     * @throws io.vexpress.InvalidInputException naming the reason
     */
    default void checkWritable(Path output) {
    }
}
