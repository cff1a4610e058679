package io.vexpress.core.extract;

/** What {@link KeypointExtractor} does with frames that do not show exactly one face. */
public enum ExtractionMode {
    /**
     * V-Express's behaviour: stop with an error naming the first frame with no face or several faces.
     */
    STRICT,
    /**
     * Take the first face (the highest-scored, as insightface orders them) when there are several, and fill
     * frames without a face by linear interpolation between their nearest detected neighbours (the nearest
     * one at the start and end of the video). Fails only when no frame has a face.
     */
    TOLERANT
}
