package io.vexpress.benchmarks.render;

import io.vexpress.core.render.VKpsRenderer;
import io.vexpress.core.render.VKpsVideo;
import io.vexpress.core.render.VKpsWindow;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Drawing one V-Kps frame at V-Express's 512x512, the face moving from frame to frame as a driving sequence
 * does: once per face into the video's runs of colour ({@code videoFrame}, the keypoint stage: a 64-frame video
 * drawn, divided by 64), from those runs into a context window's 8-bit planes ({@code windowFrame}, what the
 * denoiser does in every window call for every position whose face changed: one 24-frame window repainted with new
 * faces, divided by 24), as whole float planes in [0, 1] ({@code floatPlanesFrame}, the guider input that bundle
 * format 1 needed) and as RGB bytes ({@code previewRgbFrame}, what {@code preview} draws).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class KeypointRenderBenchmark {
    static final int SIZE = 512;
    static final int FRAMES = 64;

    static final int WINDOW = 24;

    private KeypointSequence sequence;
    private float[] xy;
    private float[] planes;
    private byte[] rgb;
    private VKpsWindow window;
    private final int[][] windows = new int[2][WINDOW];
    private int next;

    @Setup
    public void setUp() {
        List<FaceKeypoints> faces = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            float dx = (float) (6 * Math.sin(i * 0.2));
            float dy = (float) (4 * Math.cos(i * 0.3));
            faces.add(new FaceKeypoints(206 + dx, 236 + dy, 306 + dx, 236 + dy, 256 + dx, 296 + dy));
        }
        sequence = KeypointSequence.of(faces);
        xy = sequence.toArray();
        planes = new float[3 * SIZE * SIZE];
        rgb = new byte[3 * SIZE * SIZE];
        window = new VKpsWindow(VKpsVideo.draw(xy, SIZE, SIZE), WINDOW);
        for (int t = 0; t < WINDOW; t++) {
            windows[0][t] = t;
            windows[1][t] = WINDOW + t; // every position changes face from one call to the next
        }
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public int windowFrame() {
        return window.show(windows[next++ & 1]);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public VKpsVideo videoFrame() {
        return VKpsVideo.draw(xy, SIZE, SIZE);
    }

    @Benchmark
    public float[] floatPlanesFrame() {
        VKpsRenderer.renderPlanes(sequence.frame(next++ % FRAMES), SIZE, SIZE, planes, 0, SIZE * SIZE);
        return planes;
    }

    @Benchmark
    public byte[] previewRgbFrame() {
        VKpsRenderer.renderRgb(sequence.frame(next++ % FRAMES), SIZE, SIZE, rgb, 0);
        return rgb;
    }
}
