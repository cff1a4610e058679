package io.vexpress;

import io.vexpress.progress.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
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
 * @param stageTimings wall time per stage, iterating in stage order ({@link Stage#values()})
 * @param warnings every warning raised about the inputs and settings, in the order raised (the same ones the
 *     {@link io.vexpress.progress.ProgressEvent.Warning} events carried)
 */
public record GenerationResult(
        Optional<Path> outputPath,
        int frameCount,
        double fps,
        double audioDurationSeconds,
        Map<Stage, Duration> stageTimings,
        List<String> warnings) {

    /** Makes the collections immutable; the timings iterate in stage order, whatever map they came in. */
    public GenerationResult {
        EnumMap<Stage, Duration> ordered = new EnumMap<>(Stage.class);
        ordered.putAll(stageTimings);
        stageTimings = Collections.unmodifiableMap(ordered);
        warnings = List.copyOf(warnings);
    }
}
