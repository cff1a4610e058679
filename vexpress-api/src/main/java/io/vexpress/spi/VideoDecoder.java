package io.vexpress.spi;

import io.vexpress.media.RgbImage;
import java.nio.file.Path;

/** Reads video files frame by frame (for keypoint extraction). */
public interface VideoDecoder extends ServicePriority {

    /** Opens {@code file}; the caller closes the reader. */
    Reader open(Path file);

    /** An open video. */
    interface Reader extends AutoCloseable {
        /** Frame rate the container declares. */
        double fps();

        /** Number of frames, or -1 when the container does not say. */
        int frameCount();

        /** The next frame, or {@code null} at the end. */
        RgbImage nextFrame();

        /** Writes the audio track to {@code target} (format by extension); throws MediaException when there is none. */
        void extractAudio(Path target);

        @Override
        void close();
    }
}
