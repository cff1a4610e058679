package io.vexpress.core.extract;

/**
 * Receives one call per decoded frame, on the extracting thread. Keep it fast. An exception it throws is
 * logged and otherwise ignored.
 */
@FunctionalInterface
public interface ExtractionListener {
    /** A listener that ignores everything. */
    ExtractionListener NONE = (frame, totalFrames, faces) -> { };

    /**
     * @param frame 1-based number of the frame just processed
     * @param totalFrames frames the container declares, or -1 when unknown
     * @param faces faces the detector found in it
     */
    void onFrame(int frame, int totalFrames, int faces);
}
