package io.vexpress.core.face;

import io.vexpress.keypoints.DetectedFace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns SCRFD's raw outputs into faces exactly as insightface's {@code SCRFD.forward/detect/nms}: anchor
 * centres on each stride's grid, distances scaled by the stride, boxes and landmarks decoded from the
 * centres, scores kept when {@code >= threshold}, coordinates divided by the letterbox scale, then greedy
 * NMS on IoU with insightface's "+1" box areas, highest score first. All arithmetic is float32 in
 * numpy's order so the results are the same bits. Equal scores keep anchor order (stride 8 first).
 */
final class ScrfdDecoder {
    private static final int BOX = 4;
    private static final int LANDMARKS = 10;

    private final ScrfdLayout layout;
    private final float threshold;
    private final float nmsThreshold;

    ScrfdDecoder(ScrfdLayout layout, float threshold, float nmsThreshold) {
        this.layout = layout;
        this.threshold = threshold;
        this.nmsThreshold = nmsThreshold;
    }

    /**
     * @param outputs the model outputs in model order, each flattened (batch dimension included or not)
     * @param inputWidth network input width
     * @param inputHeight network input height
     * @param detScale letterbox scale (resized height / original height)
     */
    List<DetectedFace> decode(float[][] outputs, int inputWidth, int inputHeight, double detScale) {
        int fmc = layout.strides().length;
        float scale = (float) detScale;
        List<float[]> candidates = new ArrayList<>();
        for (int s = 0; s < fmc; s++) {
            int stride = layout.strides()[s];
            float strideF = stride;
            int gridWidth = inputWidth / stride;
            int anchors = layout.anchorCount(s, inputWidth, inputHeight);
            float[] scores = outputs[s];
            float[] boxes = outputs[s + fmc];
            float[] kps = outputs[s + 2 * fmc];
            for (int k = 0; k < anchors; k++) {
                float score = scores[k];
                if (!(score >= threshold)) {
                    continue;
                }
                int location = k / layout.anchorsPerLocation();
                float cx = (location % gridWidth) * strideF;
                float cy = (location / gridWidth) * strideF;
                float[] c = new float[5 + LANDMARKS];
                c[0] = (cx - boxes[k * BOX] * strideF) / scale;
                c[1] = (cy - boxes[k * BOX + 1] * strideF) / scale;
                c[2] = (cx + boxes[k * BOX + 2] * strideF) / scale;
                c[3] = (cy + boxes[k * BOX + 3] * strideF) / scale;
                c[4] = score;
                for (int p = 0; p < LANDMARKS; p += 2) {
                    c[5 + p] = (cx + kps[k * LANDMARKS + p] * strideF) / scale;
                    c[6 + p] = (cy + kps[k * LANDMARKS + p + 1] * strideF) / scale;
                }
                candidates.add(c);
            }
        }
        // List.sort is stable: ties stay in anchor order, which is what insightface's two reversed argsorts give.
        candidates.sort(Comparator.comparingDouble((float[] c) -> c[4]).reversed());
        return nms(candidates);
    }

    private List<DetectedFace> nms(List<float[]> sorted) {
        int n = sorted.size();
        float[] areas = new float[n];
        for (int i = 0; i < n; i++) {
            float[] c = sorted.get(i);
            areas[i] = (c[2] - c[0] + 1) * (c[3] - c[1] + 1);
        }
        boolean[] suppressed = new boolean[n];
        List<DetectedFace> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (suppressed[i]) {
                continue;
            }
            float[] a = sorted.get(i);
            kept.add(new DetectedFace(a[0], a[1], a[2], a[3], a[4], Arrays.copyOfRange(a, 5, 5 + LANDMARKS)));
            for (int j = i + 1; j < n; j++) {
                if (suppressed[j]) {
                    continue;
                }
                float[] b = sorted.get(j);
                float w = Math.max(0.0f, Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + 1);
                float h = Math.max(0.0f, Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + 1);
                float inter = w * h;
                float overlap = inter / (areas[i] + areas[j] - inter);
                // insightface keeps ovr <= thresh; NaN (degenerate boxes) is not <= and is dropped, as in numpy.
                if (!(overlap <= nmsThreshold)) {
                    suppressed[j] = true;
                }
            }
        }
        return kept;
    }
}
