package io.vexpress.core.face;

import io.vexpress.InvalidInputException;
import io.vexpress.media.RgbImage;

/**
 * insightface's SCRFD input: the image resized with cv2 to fit the network input keeping its aspect
 * ratio, placed at the top-left of a black canvas (padding at the bottom/right), then
 * {@code cv2.dnn.blobFromImage(img, 1/128, size, 127.5, swapRB=True)}. insightface hands cv2 a BGR image
 * and swaps it, so the network sees R, G, B planes: our RGB image goes in plane by plane as it is.
 *
 * @param blob NCHW float32 network input {@code [1, 3, height, width]}
 * @param detScale resized height / original height, by which insightface divides the decoded coordinates
 */
record ScrfdLetterbox(float[] blob, double detScale) {
    private static final float MEAN = 127.5f;
    private static final float SCALE = 1.0f / 128;

    static ScrfdLetterbox of(RgbImage image, int inputWidth, int inputHeight) {
        double imageRatio = (double) image.height() / image.width();
        double modelRatio = (double) inputHeight / inputWidth;
        int newWidth;
        int newHeight;
        if (imageRatio > modelRatio) {
            newHeight = inputHeight;
            newWidth = (int) (newHeight / imageRatio);
        } else {
            newWidth = inputWidth;
            newHeight = (int) (newWidth * imageRatio);
        }
        if (newWidth < 1 || newHeight < 1) {
            throw new InvalidInputException("Image " + image.width() + "x" + image.height()
                    + " is too elongated to letterbox into the face detector's " + inputWidth + "x" + inputHeight + " input.");
        }
        double detScale = (double) newHeight / image.height();
        RgbImage resized = Cv2Resize.resize(image, newWidth, newHeight);
        byte[] rgb = resized.toRgbBytes();
        int plane = inputWidth * inputHeight;
        float[] blob = new float[3 * plane];
        float padding = (0 - MEAN) * SCALE;
        java.util.Arrays.fill(blob, padding);
        for (int y = 0; y < newHeight; y++) {
            for (int x = 0; x < newWidth; x++) {
                int src = (y * newWidth + x) * 3;
                int dst = y * inputWidth + x;
                for (int c = 0; c < 3; c++) {
                    blob[c * plane + dst] = ((rgb[src + c] & 0xFF) - MEAN) * SCALE;
                }
            }
        }
        return new ScrfdLetterbox(blob, detScale);
    }
}
