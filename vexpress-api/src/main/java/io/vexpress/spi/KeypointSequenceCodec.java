package io.vexpress.spi;

import io.vexpress.keypoints.KeypointSequence;
import java.nio.file.Path;

/** Reads and writes V-Kps sequences (kps.pth as V-Express saves them, .npy, JSON). */
public interface KeypointSequenceCodec extends ServicePriority {

    /**
     * @throws io.vexpress.MediaException for unreadable, malformed or hostile files, naming the problem
     */
    KeypointSequence read(Path file);

    /** Writes atomically: a temporary file next to {@code file}, moved into place when complete. */
    void write(KeypointSequence sequence, Path file);
}
