package io.vexpress.core.extract;

import io.vexpress.keypoints.KeypointSequence;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link KeypointExtractor} produced.
 *
 * @param sequence one V-Kps face per video frame, in pixels of the frame resized to the extraction size
 * @param fps frame rate the video declares
 * @param filledFrames 0-based frames without a face whose keypoints were interpolated (tolerant mode)
 * @param multiFaceFrames 0-based frames with several faces where the first was taken (tolerant mode)
 * @param audioFile the audio track written, if one was asked for
 */
public record ExtractionResult(KeypointSequence sequence, double fps, List<Integer> filledFrames,
        List<Integer> multiFaceFrames, Optional<Path> audioFile) {

    /** Copies the lists. */
    public ExtractionResult {
        filledFrames = List.copyOf(filledFrames);
        multiFaceFrames = List.copyOf(multiFaceFrames);
        audioFile = audioFile == null ? Optional.empty() : audioFile;
    }

    /** Number of frames. */
    public int frameCount() {
        return sequence.frameCount();
    }
}
