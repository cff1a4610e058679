package io.vexpress.core.face;

import io.vexpress.ModelBundleException;

/**
 * Which SCRFD head an ONNX export has, read from its outputs the way insightface's {@code SCRFD._init_vars}
 * does: the output count gives the strides and anchors per location, and a rank-3 first output means a
 * leading batch dimension. Outputs come in groups of {@code strides.length}: scores, then box distances,
 * then keypoint distances, each group ordered by stride.
 *
 * @param strides feature strides, ascending
 * @param anchorsPerLocation anchors at each feature-map location
 * @param batched whether the outputs carry a leading batch dimension of 1
 */
record ScrfdLayout(int[] strides, int anchorsPerLocation, boolean batched) {

    /**
     * @param outputCount number of model outputs
     * @param firstOutputRank rank of the first output
     * @param modelName named in errors
     * @throws ModelBundleException for layouts without landmarks or ones insightface does not know
     */
    static ScrfdLayout of(int outputCount, int firstOutputRank, String modelName) {
        boolean batched = firstOutputRank == 3;
        return switch (outputCount) {
            case 9 -> new ScrfdLayout(new int[] {8, 16, 32}, 2, batched);
            case 15 -> new ScrfdLayout(new int[] {8, 16, 32, 64, 128}, 1, batched);
            case 6, 10 -> throw new ModelBundleException("Face detector " + modelName + " is a SCRFD model without landmarks ("
                    + outputCount + " outputs); V-Express needs the eye and nose landmarks. Use det_10g.onnx from insightface's buffalo_l pack.");
            default -> throw new ModelBundleException("Face detector " + modelName + " has " + outputCount
                    + " outputs; a SCRFD model with landmarks has 9 (like det_10g.onnx) or 15. Use det_10g.onnx from insightface's buffalo_l pack.");
        };
    }

    /** Anchors (rows of every output of that stride) for an input of {@code width} x {@code height}. */
    int anchorCount(int strideIndex, int width, int height) {
        int stride = strides[strideIndex];
        return (height / stride) * (width / stride) * anchorsPerLocation;
    }
}
