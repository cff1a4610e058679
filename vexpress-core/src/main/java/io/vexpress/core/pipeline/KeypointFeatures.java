package io.vexpress.core.pipeline;

import ai.onnxruntime.OnnxTensor;
import io.vexpress.core.render.VKpsRenderer;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.core.runtime.ModelSessions;
import io.vexpress.core.runtime.OrtTensors;
import io.vexpress.core.runtime.RunControl;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The keypoint guider's features per frame, produced on demand for each context window instead of for the
 * whole video up front (V-Express's {@code prepare_kps_feature} holds {@code [2, 320, T, 64, 64]} floats, about
 * 19 GB for 60 s at 512x512).
 *
 * <p>Frames are rendered (V-Kps image in [0, 1]) and run through the guider in batches of at most
 * {@code batchFrames}; the guider is frame-independent (docs/model-bundle.md), so batching does not change
 * the result. Features are cached per distinct keypoint face while the cache stays within its byte budget:
 * with {@code fix_face} every frame shares one entry; a long moving sequence keeps the first frames that fit
 * and recomputes the rest when a window needs them.
 */
final class KeypointFeatures {
    private final KeypointSequence keypoints;
    private final int width;
    private final int height;
    private final int channels;
    private final int area;
    private final int batchFrames;
    private final long budgetBytes;
    private final ModelSessions sessions;
    private final RunControl control;
    private final Map<FaceKeypoints, float[]> cache = new HashMap<>();
    private final FloatBuffer images;
    private final FloatBuffer features;
    private final float[] scratch;
    private final int[] missingFrames;
    private final int[] missingPositions;
    private long cachedBytes;
    private long guiderFrames;

    KeypointFeatures(KeypointSequence keypoints, int width, int height, int channels, int batchFrames, long budgetBytes,
                     ModelSessions sessions, RunControl control) {
        this.keypoints = keypoints;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.area = (height / 8) * (width / 8);
        this.batchFrames = batchFrames;
        this.budgetBytes = budgetBytes;
        this.sessions = sessions;
        this.control = control;
        this.images = OrtTensors.directFloats(Math.multiplyExact(3 * batchFrames, width * height));
        this.features = OrtTensors.directFloats(Math.multiplyExact(channels * batchFrames, area));
        this.scratch = new float[channels * area];
        this.missingFrames = new int[batchFrames];
        this.missingPositions = new int[batchFrames];
    }

    /** Floats of one frame's features, {@code Ck * h * w}. */
    int valuesPerFrame() {
        return channels * area;
    }

    /**
     * Computes the features of the first frames (distinct faces) until the cache budget is used, as the
     * KEYPOINTS stage; later frames are computed when their window runs.
     */
    void prefill() {
        int frames = keypoints.frameCount();
        int[] batch = new int[batchFrames];
        int n = 0;
        java.util.Set<FaceKeypoints> pending = new java.util.HashSet<>();
        for (int f = 0; f < frames && cachedBytes + (long) (n + 1) * valuesPerFrame() * Float.BYTES <= budgetBytes; f++) {
            FaceKeypoints face = keypoints.frame(f);
            if (cache.containsKey(face) || !pending.add(face)) {
                continue;
            }
            batch[n++] = f;
            if (n == batchFrames) {
                runGuider(batch, n, null, 0, 0, null);
                pending.clear();
                n = 0;
            }
        }
        if (n > 0) {
            runGuider(batch, n, null, 0, 0, null);
        }
    }

    /**
     * Writes the features of {@code frames} as {@code [Ck, frames.length, h, w]} into {@code dst} starting at
     * {@code offset} (the conditional half of the denoiser's {@code kps_features}).
     */
    void fill(int[] frames, FloatBuffer dst, int offset) {
        int t = frames.length;
        int[] missing = missingFrames;
        int[] missingPos = missingPositions;
        int n = 0;
        for (int i = 0; i < t; i++) {
            float[] cached = cache.get(keypoints.frame(frames[i]));
            if (cached != null) {
                copyFrame(cached, dst, offset, t, i);
                continue;
            }
            missing[n] = frames[i];
            missingPos[n++] = i;
            if (n == missing.length) {
                runGuider(missing, n, dst, offset, t, missingPos);
                n = 0;
            }
        }
        if (n > 0) {
            runGuider(missing, n, dst, offset, t, missingPos);
        }
    }

    /** Frames the guider has processed so far (for tests and logs). */
    long guiderFrames() {
        return guiderFrames;
    }

    private void runGuider(int[] frames, int n, FloatBuffer dst, int offset, int t, int[] positions) {
        int plane = width * height;
        for (int i = 0; i < n; i++) {
            // [1, 3, n, H, W]: channel c of frame i starts at (c * n + i) * plane
            VKpsRenderer.renderPlanes(keypoints.frame(frames[i]), width, height, images, i * plane, n * plane);
        }
        try (OnnxTensor in = OrtTensors.view(images.duplicate().position(0).limit(3 * n * plane), 1, 3, n, height, width);
             OnnxTensor out = OrtTensors.view(features.duplicate().position(0).limit(channels * n * area), 1, channels, n,
                     height / 8, width / 8)) {
            sessions.acquire(ModelComponent.V_KPS_GUIDER).runInto(Map.of("kps_images", in), Map.of("kps_features", out), control);
        }
        guiderFrames += n;
        for (int i = 0; i < n; i++) {
            FaceKeypoints face = keypoints.frame(frames[i]);
            float[] kept = cache.get(face);
            if (kept == null && cachedBytes + (long) valuesPerFrame() * Float.BYTES <= budgetBytes) {
                kept = new float[valuesPerFrame()];
                gather(i, n, kept);
                cache.put(face, kept);
                cachedBytes += (long) kept.length * Float.BYTES;
            }
            if (dst != null) {
                if (kept == null) {
                    gather(i, n, scratch);
                    kept = scratch;
                }
                copyFrame(kept, dst, offset, t, positions[i]);
            }
        }
    }

    /** Frame {@code i} of the guider output ({@code [Ck, n, area]}) into {@code [Ck, area]}. */
    private void gather(int i, int n, float[] target) {
        for (int c = 0; c < channels; c++) {
            features.get((c * n + i) * area, target, c * area, area);
        }
    }

    /** A {@code [Ck, area]} frame into frame {@code i} of a {@code [Ck, t, area]} block of {@code dst}. */
    private void copyFrame(float[] src, FloatBuffer dst, int offset, int t, int i) {
        for (int c = 0; c < channels; c++) {
            dst.put(offset + (c * t + i) * area, src, c * area, area);
        }
    }
}
