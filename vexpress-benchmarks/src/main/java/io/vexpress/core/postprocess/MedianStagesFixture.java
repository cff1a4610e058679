package io.vexpress.core.postprocess;

/**
 * The two stages of the median post-filter apart, for {@code MedianFilterBenchmark}: loading a frame
 * (truncating quantisation into bit planes) and the 3x3x3 median of three loaded frames, each on the same row
 * threads {@link VideoPostFilter} uses. Benchmarks only.
 */
public final class MedianStagesFixture implements AutoCloseable {
    private final RowBands rows;
    private final FrameLoader loader;
    private final MedianFilter3x3x3 median;
    private final QuantisedFrame[] frames = new QuantisedFrame[3];
    private final byte[] rgb;

    public MedianStagesFixture(int width, int height, int threads) {
        rows = new RowBands(height, threads);
        loader = new FrameLoader(width, height, rows);
        median = new MedianFilter3x3x3(width, height, rows);
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new QuantisedFrame(width, height, true);
        }
        rgb = new byte[3 * width * height];
    }

    /** Loads {@code [3, H, W]} frame {@code chw} into slot {@code slot} (0..2). */
    public void load(int slot, float[] chw) {
        loader.load(frames[slot], chw, 0, false);
    }

    /** The median of slot 1 between slots 0 and 2, as interleaved RGB bytes (reused). */
    public byte[] filter() {
        median.filter(frames[0], frames[1], frames[2], rgb);
        return rgb;
    }

    @Override
    public void close() {
        rows.close();
    }
}
