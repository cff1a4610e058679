package io.vexpress.core.pipeline;

import io.vexpress.GenerationRequest;
import io.vexpress.core.denoise.VideoTiming;

/** How many frames a generation makes for an audio duration, and their exact rate. */
@FunctionalInterface
interface FrameTiming {
    /** The engine's rule, {@link VideoTiming#of}. */
    FrameTiming DEFAULT = (duration, request) ->
            VideoTiming.of(duration, request.fps(), request.contextFrames(), request.contextOverlap());

    VideoTiming of(double durationSeconds, GenerationRequest request);
}
