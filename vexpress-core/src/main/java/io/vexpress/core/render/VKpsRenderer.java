package io.vexpress.core.render;

import io.vexpress.InvalidInputException;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;

/**
 * Draws V-Kps images exactly as V-Express's {@code draw_kps_image(height, width, kps)}: a black RGB
 * canvas; two limbs (left eye to nose, right eye to nose), each a filled {@code ellipse2Poly} polygon centred
 * at the limb midpoint with half-axes {@code (int(length / 2), 4)}, rotated by
 * {@code int(degrees(atan2(dy, dx)))} and filled with 0.6 times the first point's colour; then a filled
 * circle of radius 4 per keypoint (left eye red, right eye green, nose blue), at coordinates truncated
 * with {@code int()}. The output is pixel-identical to OpenCV's (see {@link OpenCvRaster}).
 *
 * <p>Outputs: 8-bit RGB ({@link #renderRgb}), float planes in [0, 1] ({@link #renderPlanes}, what V-Express's
 * guider reads: it does not map them to [-1, 1]), or a context window's 8-bit planes straight into the denoising
 * UNet's {@code kps_images} input ({@link VKpsWindow}, which the UNet divides by 255 itself). Nothing big is
 * allocated per frame. Stateless and thread-safe.
 *
 * <p>Points may lie anywhere, also off the canvas; shapes whose integer coordinates exceed
 * {@value #MAX_COORDINATE} pixels in magnitude (where OpenCV itself overflows or refuses) are not drawn.
 */
public final class VKpsRenderer {
    /** Half-height of the limb ellipses ({@code stick_width}). */
    public static final int STICK_WIDTH = 4;
    /** Radius of the keypoint dots. */
    public static final int POINT_RADIUS = 4;
    /** Largest coordinate magnitude that is drawn. */
    public static final int MAX_COORDINATE = 1 << 29;

    private static final int[] POINT_COLORS = {0xFF0000, 0x00FF00, 0x0000FF};
    /** {@code int(float(c) * 0.6)} of 255 is 153. */
    private static final int[] LIMB_COLORS = {limbColor(POINT_COLORS[0]), limbColor(POINT_COLORS[1])};
    private static final int POLY_CAPACITY = 2 * (360 + 2);

    private VKpsRenderer() {
    }

    /** A new {@code width x height} V-Kps image of {@code face}. */
    public static RgbImage render(FaceKeypoints face, int width, int height) {
        checkSize(width, height);
        byte[] rgb = new byte[width * height * 3];
        renderRgb(face, width, height, rgb, 0);
        return RgbImage.of(width, height, rgb);
    }

    /** Draws {@code face} as interleaved RGB bytes ({@code [height, width, 3]}) into {@code dst[offset..]}. */
    public static void renderRgb(FaceKeypoints face, int width, int height, byte[] dst, int offset) {
        checkSize(width, height);
        checkRange(offset, (long) width * height * 3, dst.length, "RGB");
        draw(face.toArray(), 0, new ByteRgbCanvas(dst, offset, width, height));
    }

    /**
     * Draws {@code face} as three float planes in [0, 1] (R, G, B; each row-major {@code [height, width]})
     * starting at {@code dst[offset]}, planes {@code planeStride} values apart ({@code height * width} for
     * CHW).
     */
    public static void renderPlanes(FaceKeypoints face, int width, int height, float[] dst, int offset, int planeStride) {
        checkPlanes(width, height, dst.length, offset, planeStride);
        draw(face.toArray(), 0, new FloatPlaneCanvas(dst, offset, planeStride, width, height));
    }

    /** {@code draw_kps_image} on points {@code xy[base..base + 6)} (lx, ly, rx, ry, nx, ny). */
    static void draw(float[] xy, int base, Canvas canvas) {
        draw(xy, base, canvas, new Scratch());
    }

    /** As {@link #draw(float[], int, Canvas)} with the limbs' working memory in {@code scratch}. */
    static void draw(float[] xy, int base, Canvas canvas, Scratch scratch) {
        canvas.clear();
        int[] poly = scratch.poly;
        for (int limb = 0; limb < 2; limb++) {
            float x0 = xy[base + 2 * limb];
            float y0 = xy[base + 2 * limb + 1];
            float x1 = xy[base + 4];
            float y1 = xy[base + 5];
            drawLimb(canvas, x0, y0, x1, y1, LIMB_COLORS[limb], poly, scratch.edges);
        }
        for (int p = 0; p < 3; p++) {
            float x = xy[base + 2 * p];
            float y = xy[base + 2 * p + 1];
            if (drawable(x) && drawable(y)) {
                OpenCvRaster.filledCircle(canvas, (int) x, (int) y, POINT_RADIUS, POINT_COLORS[p]);
            }
        }
    }

    private static void drawLimb(Canvas canvas, float x0, float y0, float x1, float y1, int color, int[] poly,
                                 OpenCvRaster.PolygonEdges edges) {
        float dxf = x0 - x1; // numpy float32 scalar differences
        float dyf = y0 - y1;
        // float32 ** 2 becomes float64 (numpy 1.x scalar rules): squares, sum and root in double.
        double length = Math.sqrt((double) dxf * dxf + (double) dyf * dyf);
        // math.degrees multiplies by 180 / pi.
        double degrees = StrictMath.atan2(dyf, dxf) * (180.0 / Math.PI);
        float meanX = (x0 + x1) / 2f; // np.mean of two float32 values
        float meanY = (y0 + y1) / 2f;
        double halfLength = length / 2;
        if (!drawable(meanX) || !drawable(meanY) || !(halfLength < MAX_COORDINATE)) {
            return;
        }
        int n = OpenCvRaster.ellipse2Poly((int) meanX, (int) meanY, (int) halfLength, STICK_WIDTH, (int) degrees, 0, 360, 1, poly);
        OpenCvRaster.fillConvexPoly(canvas, poly, n, color, edges);
    }

    /** Working memory for drawing one image, reusable for the next (one thread at a time). */
    static final class Scratch {
        final int[] poly = new int[POLY_CAPACITY];
        final OpenCvRaster.PolygonEdges edges = new OpenCvRaster.PolygonEdges();
    }

    private static boolean drawable(float v) {
        return Math.abs(v) < MAX_COORDINATE; // also false for NaN
    }

    private static int limbColor(int rgb) {
        int r = (int) (((rgb >>> 16) & 0xFF) * 0.6);
        int g = (int) (((rgb >>> 8) & 0xFF) * 0.6);
        int b = (int) ((rgb & 0xFF) * 0.6);
        return (r << 16) | (g << 8) | b;
    }

    private static void checkSize(int width, int height) {
        if (width < 1 || height < 1) {
            throw new InvalidInputException("V-Kps image size must be positive, got " + width + "x" + height + ".");
        }
    }

    private static void checkRange(long offset, long needed, long capacity, String what) {
        if (offset < 0 || offset + needed > capacity) {
            throw new InvalidInputException(what + " buffer too small: need " + needed + " values from offset " + offset
                    + ", have " + capacity + ".");
        }
    }

    private static void checkPlanes(int width, int height, long capacity, int offset, int planeStride) {
        checkSize(width, height);
        long plane = (long) width * height;
        if (planeStride < plane) {
            throw new InvalidInputException("Plane stride " + planeStride + " is smaller than a plane (" + plane + " values).");
        }
        checkRange(offset, 2L * planeStride + plane, capacity, "Float plane");
    }
}
