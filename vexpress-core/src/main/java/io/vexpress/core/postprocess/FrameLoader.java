package io.vexpress.core.postprocess;

import java.nio.FloatBuffer;

/**
 * Quantises decoded frames into {@link QuantisedFrame}s, the bands of rows in parallel when it is given
 * several. Used by one thread at a time.
 */
final class FrameLoader {
    private final int width;
    private final int height;
    private final RowBands bands;
    private final byte[][] rows; // per band: the padded row's bytes
    private final float[][] values; // per band: one row copied out of a buffer
    private final boolean[] nanRows;

    FrameLoader(int width, int height, RowBands bands) {
        this.width = width;
        this.height = height;
        this.bands = bands;
        this.rows = new byte[bands.count()][];
        this.values = new float[bands.count()][width];
        this.nanRows = new boolean[3 * height];
    }

    /** Loads the {@code [3, H, W]} frame read from the buffer's position (which is not moved). */
    void load(QuantisedFrame frame, FloatBuffer source) {
        int base = source.position();
        load(frame, (band, r) -> {
            float[] row = values[band];
            source.get(base + r * width, row, 0, width); // a bulk copy, then the array loop
            return row;
        }, r -> 0, false);
    }

    /** Loads the {@code [3, H, W]} frame at {@code offset} of {@code source}, raw VAE outputs if {@code vaeOutput}. */
    void load(QuantisedFrame frame, float[] source, int offset, boolean vaeOutput) {
        load(frame, (band, r) -> source, r -> offset + r * width, vaeOutput);
    }

    private interface Rows {
        float[] values(int band, int row);
    }

    private interface Starts {
        int start(int row);
    }

    private void load(QuantisedFrame frame, Rows source, Starts starts, boolean vaeOutput) {
        frame.clearNaN();
        bands.run((band, from, to) -> {
            byte[] row = rows[band] == null ? rows[band] = frame.rowScratch() : rows[band];
            for (int c = 0; c < 3; c++) {
                for (int y = from; y < to; y++) {
                    int r = c * height + y;
                    nanRows[r] = frame.loadRow(r, source.values(band, r), starts.start(r), vaeOutput, row);
                }
            }
        });
        frame.reflectRows();
        for (int r = 0; r < 3 * height; r++) {
            if (nanRows[r]) {
                frame.markNaN(r, source.values(0, r), starts.start(r));
            }
        }
    }
}
