package io.vexpress;

import io.vexpress.progress.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a generation produced.
 *
 * @param outputPath the video file, when the request named one
 * @param frameCount frames generated
 * @param fps the exact frame rate used: frames / audio duration, as V-Express derives it
 * @param audioDurationSeconds the audio's exact duration (samples / rate)
 * @param stageTimings wall time per stage, in stage order
 * @param warnings warnings raised about the inputs and settings
 */
public record GenerationResult(
        Optional<Path> outputPath,
        int frameCount,
        double fps,
        double audioDurationSeconds,
        Map<Stage, Duration> stageTimings,
        List<String> warnings) {

    /** Makes the collections immutable. */
    public GenerationResult {
        stageTimings = Map.copyOf(stageTimings);
        warnings = List.copyOf(warnings);
    }
}
