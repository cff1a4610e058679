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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keypoint guider's features per frame, produced on demand for each context window instead of for the
 * whole video up front (V-Express's {@code prepare_kps_feature} holds {@code [2, 320, T, 64, 64]} floats, about
 * 19 GB for 60 s at 512x512).
 *
 * <p>Frames are rendered (V-Kps image in [0, 1]) and run through the guider in batches of at most
 * {@code batchFrames}; the guider is frame-independent (docs/model-bundle.md), so batching does not change
 * the result. Frames with identical keypoints share one feature entry (with {@code fix_face} the whole video
 * has one). Entries are kept while the cache stays within its byte budget: a long moving sequence keeps the
 * first faces that fit and recomputes the others when a window needs them. Faces are numbered once up front,
 * so serving a window allocates nothing.
 */
final class KeypointFeatures {
    private final List<FaceKeypoints> faces = new ArrayList<>();
    private final int[] faceOfFrame;
    private final float[][] cache;
    private final int width;
    private final int height;
    private final int channels;
    private final int area;
    private final int batchFrames;
    private final long budgetBytes;
    private final ModelSessions sessions;
    private final RunControl control;
    private final FloatBuffer images;
    private final FloatBuffer features;
    private final float[] scratch;
    private final int[] batchFaces;
    private final int[] batchPositions;
    private long cachedBytes;
    private long guiderFrames;

    KeypointFeatures(KeypointSequence keypoints, int width, int height, int channels, int batchFrames, long budgetBytes,
                     ModelSessions sessions, RunControl control) {
        this.faceOfFrame = new int[keypoints.frameCount()];
        Map<FaceKeypoints, Integer> ids = new HashMap<>();
        for (int f = 0; f < faceOfFrame.length; f++) {
            FaceKeypoints face = keypoints.frame(f);
            Integer id = ids.get(face);
            if (id == null) {
                id = faces.size();
                ids.put(face, id);
                faces.add(face);
            }
            faceOfFrame[f] = id;
        }
        this.cache = new float[faces.size()][];
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
        this.batchFaces = new int[batchFrames];
        this.batchPositions = new int[batchFrames];
    }

    /** Floats of one frame's features, {@code Ck * h * w}. */
    int valuesPerFrame() {
        return channels * area;
    }

    /**
     * The KEYPOINTS stage: computes the features of the first distinct faces while they fit in the cache
     * budget; the others are computed when their window runs.
     */
    void prefill() {
        long perFace = (long) valuesPerFrame() * Float.BYTES;
        int fitting = (int) Math.min(faces.size(), budgetBytes / perFace);
        for (int start = 0; start < fitting; start += batchFrames) {
            int n = Math.min(batchFrames, fitting - start);
            for (int i = 0; i < n; i++) {
                batchFaces[i] = start + i;
            }
            runGuider(n, null, 0, 0);
        }
    }

    /**
     * Writes the features of {@code frames} as {@code [Ck, frames.length, h, w]} into {@code dst} starting at
     * {@code offset} (the conditional half of the denoiser's {@code kps_features}). Synchronized: the denoisers
     * of several devices share this cache and the guider's buffers.
     */
    synchronized void fill(int[] frames, FloatBuffer dst, int offset) {
        int t = frames.length;
        int n = 0;
        for (int i = 0; i < t; i++) {
            int face = faceOfFrame[frames[i]];
            if (cache[face] != null) {
                copyFrame(cache[face], dst, offset, t, i);
                continue;
            }
            batchFaces[n] = face;
            batchPositions[n++] = i;
            if (n == batchFrames) {
                runGuider(n, dst, offset, t);
                n = 0;
            }
        }
        if (n > 0) {
            runGuider(n, dst, offset, t);
        }
    }

    /** Whether window position {@code i} of {@code frames} shows face {@code faces[i]} for every i. */
    boolean sameFaces(int[] frames, int[] faces) {
        for (int i = 0; i < frames.length; i++) {
            if (faceOfFrame[frames[i]] != faces[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes the face number of each of {@code frames} into {@code faces}. */
    void facesOf(int[] frames, int[] faces) {
        for (int i = 0; i < frames.length; i++) {
            faces[i] = faceOfFrame[frames[i]];
        }
    }

    /** Frames the guider has processed so far (for tests and logs). */
    long guiderFrames() {
        return guiderFrames;
    }

    /** Runs the guider on {@code batchFaces[0..n)}; copies each result to window position {@code batchPositions[i]} of {@code dst} if given. */
    private void runGuider(int n, FloatBuffer dst, int offset, int t) {
        int plane = width * height;
        for (int i = 0; i < n; i++) {
            // [1, 3, n, H, W]: channel c of frame i starts at (c * n + i) * plane
            VKpsRenderer.renderPlanes(faces.get(batchFaces[i]), width, height, images, i * plane, n * plane);
        }
        try (OnnxTensor in = OrtTensors.view(images.duplicate().position(0).limit(3 * n * plane), 1, 3, n, height, width);
             OnnxTensor out = OrtTensors.view(features.duplicate().position(0).limit(channels * n * area), 1, channels, n,
                     height / 8, width / 8)) {
            sessions.acquire(ModelComponent.V_KPS_GUIDER).runInto(Map.of("kps_images", in), Map.of("kps_features", out), control);
        }
        guiderFrames += n;
        for (int i = 0; i < n; i++) {
            int face = batchFaces[i];
            float[] kept = cache[face];
            if (kept == null && cachedBytes + (long) valuesPerFrame() * Float.BYTES <= budgetBytes) {
                kept = new float[valuesPerFrame()];
                gather(i, n, kept);
                cache[face] = kept;
                cachedBytes += (long) kept.length * Float.BYTES;
            }
            if (dst != null) {
                if (kept == null) {
                    gather(i, n, scratch);
                    kept = scratch;
                }
                copyFrame(kept, dst, offset, t, batchPositions[i]);
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
