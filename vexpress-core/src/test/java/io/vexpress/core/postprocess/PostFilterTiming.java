package io.vexpress.core.postprocess;

import java.util.Random;

/**
 * Not a test: times the post-filter on 512x512 frames. Run after {@code mvn -pl vexpress-core -am test-compile}:
 * <pre>java -cp vexpress-api/target/classes:vexpress-core/target/classes:vexpress-core/target/test-classes \
 *     io.vexpress.core.postprocess.PostFilterTiming</pre>
 */
public final class PostFilterTiming {
    private PostFilterTiming() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        Random random = new Random(1);
        float[][] frames = new float[4][3 * size * size];
        for (float[] f : frames) {
            for (int i = 0; i < f.length; i++) {
                // Smooth content with mild noise, like decoded video.
                f[i] = (float) Math.min(1, Math.max(0, 0.5 + 0.3 * Math.sin(i * 0.001) + 0.05 * random.nextGaussian()));
            }
        }
        for (boolean median : new boolean[] {false, true}) {
            long[] count = {0};
            VideoPostFilter filter = new VideoPostFilter(size, size, median, image -> count[0]++);
            long best = Long.MAX_VALUE;
            filter.push(frames[3], 0); // with the filter, the first push emits nothing: not timed
            for (int k = 0; k < 60; k++) {
                long t0 = System.nanoTime();
                filter.push(frames[k % 4], 0);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("%dx%d, median filter %s: best %.1f ms per frame (quantise, filter, RgbImage)%n",
                    size, size, median ? "on" : "off", best / 1e6);
        }
    }
}
