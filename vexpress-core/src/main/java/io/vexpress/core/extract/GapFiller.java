package io.vexpress.core.extract;

import io.vexpress.keypoints.FaceKeypoints;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills frames without a face: linear interpolation between the nearest detected frames before and after,
 * the nearest detected frame at the start and end of the video.
 */
final class GapFiller {
    private GapFiller() {
    }

    /**
     * @param faces one entry per frame, {@code null} where no face was found; at least one is not null
     * @return the faces with every gap filled
     */
    static List<FaceKeypoints> fill(List<FaceKeypoints> faces) {
        int n = faces.size();
        List<FaceKeypoints> out = new ArrayList<>(faces);
        int previous = -1;
        for (int i = 0; i <= n; i++) {
            if (i < n && faces.get(i) == null) {
                continue;
            }
            // Frames previous+1 .. i-1 are a gap between detected frames previous and i (either may be absent).
            for (int g = previous + 1; g < i; g++) {
                if (previous < 0) {
                    out.set(g, faces.get(i));
                } else if (i == n) {
                    out.set(g, faces.get(previous));
                } else {
                    out.set(g, lerp(faces.get(previous), faces.get(i), (double) (g - previous) / (i - previous)));
                }
            }
            previous = i;
        }
        return out;
    }

    private static FaceKeypoints lerp(FaceKeypoints a, FaceKeypoints b, double t) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        float[] r = new float[6];
        for (int k = 0; k < 6; k++) {
            r[k] = (float) (x[k] + (y[k] - x[k]) * t);
        }
        return FaceKeypoints.of(r);
    }
}
