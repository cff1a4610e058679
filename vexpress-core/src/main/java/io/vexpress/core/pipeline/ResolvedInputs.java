package io.vexpress.core.pipeline;

import io.vexpress.core.denoise.VideoTiming;
import io.vexpress.core.image.PasteBack;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The decoded, checked inputs of one generation, before any model runs.
 *
 * @param reference the reference image at the output size
 * @param waveform the speech at the audio encoder's rate, mono
 * @param durationSeconds the audio's exact duration
 * @param timing frames to generate and the exact frame rate
 * @param keypoints the V-Kps sequence, aligned to the frames and retargeted
 * @param audioFile the audio file to mux, if the audio came from a file
 * @param audioPcm the decoded audio to mux, if it came as PCM
 * @param driving the driving keypoint sequence as read, before alignment, when the strategy uses one
 * @param pasteBack the photo and the region the reference came from, when the frames go back into the photo
 */
public record ResolvedInputs(RgbImage reference, float[] waveform, double durationSeconds, VideoTiming timing,
                             KeypointSequence keypoints, Optional<Path> audioFile, Optional<PcmAudio> audioPcm,
                             Optional<KeypointSequence> driving, Optional<PasteBack> pasteBack) {
}
