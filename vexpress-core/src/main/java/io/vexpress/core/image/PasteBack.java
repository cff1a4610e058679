package io.vexpress.core.image;

import io.vexpress.InvalidInputException;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.VideoOutput;
import java.util.Objects;

/**
 * Composites generated frames back into the photo the reference was cut from
 * ({@link io.vexpress.GenerationRequest#pasteBack()}): a {@link VideoOutput} decorator whose sinks receive the
 * generated {@code W x H} frames and hand the photo-sized frames on.
 *
 * <p>Each generated frame is resampled bilinearly onto the crop box and blended over the photo with a mask that is 1
 * inside the box and falls to 0 over {@link #FEATHER} of the box's shorter side towards every box edge that lies
 * inside the photo (an edge on or beyond the photo's border needs no seam). Pixels outside the box are never
 * written, so they are exactly the photo's in every frame. The video is the photo's size rounded down to even
 * numbers (H.264's yuv420p), dropping at most the last column and row.
 *
 * <p>Streaming: one photo-sized frame buffer, filled with the photo once, in which only the box's pixels are
 * rewritten per frame from a copy of the photo's pixels under the box; frames reach the wrapped sink through
 * {@link FrameSink#writeRgb}, so nothing photo-sized is allocated per frame.
 *
 * @param photo the original photo, at its resolution
 * @param box where the reference was cut from, in the photo's pixels
 */
public record PasteBack(RgbImage photo, CropBox box) {
    /** The feather's width as a fraction of the crop box's shorter side. */
    public static final double FEATHER = 0.1;

    /** Checks the values. */
    public PasteBack {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(box, "box");
    }

    /** The width of the pasted-back video: the photo's, rounded down to even. */
    public int videoWidth() {
        return Math.max(2, photo.width() & ~1);
    }

    /** The height of the pasted-back video: the photo's, rounded down to even. */
    public int videoHeight() {
        return Math.max(2, photo.height() & ~1);
    }

    /**
     * This paste-back, or one into the photo scaled down (Pillow-bicubic) so that the video has at most
     * {@code maxPixels} pixels, for encoders with a frame-size limit. A scaled video's sides are multiples of 16, so
     * that encoders which pad frames to whole 16x16 macroblocks (OpenH264 counts its limit on those) stay within it.
     */
    public PasteBack limitedTo(long maxPixels) {
        if ((long) videoWidth() * videoHeight() <= maxPixels) {
            return this;
        }
        double scale = Math.sqrt((double) maxPixels / ((long) photo.width() * photo.height()));
        int w = Math.max(16, (int) Math.floor(photo.width() * scale / 16) * 16);
        int h = Math.max(16, (int) Math.floor(photo.height() * scale / 16) * 16);
        double sx = (double) w / photo.width();
        double sy = (double) h / photo.height();
        return new PasteBack(BicubicResize.resize(photo, w, h),
                new CropBox(box.x() * sx, box.y() * sy, box.width() * sx, box.height() * sy));
    }

    /** {@code output}, receiving the pasted-back frames instead of the generated ones. */
    public VideoOutput wrap(VideoOutput output) {
        Objects.requireNonNull(output, "output");
        return new VideoOutput() {
            @Override
            public FrameSink open(VideoFormat format) {
                Compositor compositor = new Compositor(PasteBack.this, format.width(), format.height());
                FrameSink inner = output.open(new VideoFormat(compositor.width, compositor.height, format.fps(),
                        format.frameCount(), format.audioFile(), format.audio()));
                return new PastingSink(compositor, inner);
            }

            @Override
            public void checkWritable() {
                output.checkWritable();
            }

            @Override
            public String describe() {
                return output.describe() + " (pasted back into the " + photo.width() + "x" + photo.height() + " photo)";
            }
        };
    }

    /** Hands each generated frame, composited into the photo, to the wrapped sink. */
    private static final class PastingSink implements FrameSink {
        private final Compositor compositor;
        private final FrameSink inner;
        private byte[] generated;

        PastingSink(Compositor compositor, FrameSink inner) {
            this.compositor = compositor;
            this.inner = inner;
        }

        @Override
        public void write(RgbImage frame) {
            if (frame.width() != compositor.genWidth || frame.height() != compositor.genHeight) {
                throw new InvalidInputException("Frame is " + frame.width() + "x" + frame.height() + "; paste-back expects "
                        + compositor.genWidth + "x" + compositor.genHeight + ".");
            }
            if (generated == null) {
                generated = new byte[frame.width() * frame.height() * 3];
            }
            frame.copyRgbBytes(generated, 0);
            writeRgb(frame.width(), frame.height(), generated);
        }

        @Override
        public void writeRgb(int width, int height, byte[] rgb) {
            if (width != compositor.genWidth || height != compositor.genHeight || rgb.length != width * height * 3) {
                throw new InvalidInputException("Frame is " + width + "x" + height + "; paste-back expects "
                        + compositor.genWidth + "x" + compositor.genHeight + ".");
            }
            inner.writeRgb(compositor.width, compositor.height, compositor.composite(rgb));
        }

        @Override
        public void commit() {
            inner.commit();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /**
     * The per-frame arithmetic, with every table built once: for each column and row under the box, the two
     * generated-frame pixels it lies between, the bilinear weight and the mask's ramp.
     */
    static final class Compositor {
        final int width;
        final int height;
        final int genWidth;
        final int genHeight;
        private final byte[] frame;
        private final byte[] under;
        private final int x0;
        private final int y0;
        private final int regionW;
        private final int regionH;
        private final int[] col0;
        private final int[] col1;
        private final float[] colFrac;
        private final float[] colMask;
        private final int[] row0;
        private final int[] row1;
        private final float[] rowFrac;
        private final float[] rowMask;

        Compositor(PasteBack pb, int genWidth, int genHeight) {
            RgbImage photo = pb.photo();
            CropBox box = pb.box();
            this.genWidth = genWidth;
            this.genHeight = genHeight;
            this.width = pb.videoWidth();
            this.height = pb.videoHeight();
            frame = new byte[width * height * 3];
            if (photo.width() == width && photo.height() == height) {
                photo.copyRgbBytes(frame, 0);
            } else {
                byte[] all = photo.toRgbBytes();
                for (int y = 0; y < Math.min(height, photo.height()); y++) {
                    System.arraycopy(all, y * photo.width() * 3, frame, y * width * 3, Math.min(width, photo.width()) * 3);
                }
            }
            x0 = clamp((int) Math.floor(box.x()), 0, width);
            y0 = clamp((int) Math.floor(box.y()), 0, height);
            int x1 = clamp((int) Math.ceil(box.x() + box.width()), 0, width);
            int y1 = clamp((int) Math.ceil(box.y() + box.height()), 0, height);
            regionW = Math.max(0, x1 - x0);
            regionH = Math.max(0, y1 - y0);
            double feather = FEATHER * Math.min(box.width(), box.height());
            col0 = new int[regionW];
            col1 = new int[regionW];
            colFrac = new float[regionW];
            colMask = new float[regionW];
            axis(x0, box.x(), box.width(), genWidth, width, feather, 3, col0, col1, colFrac, colMask);
            row0 = new int[regionH];
            row1 = new int[regionH];
            rowFrac = new float[regionH];
            rowMask = new float[regionH];
            axis(y0, box.y(), box.height(), genHeight, height, feather, genWidth * 3, row0, row1, rowFrac, rowMask);
            under = new byte[regionW * regionH * 3];
            for (int y = 0; y < regionH; y++) {
                System.arraycopy(frame, ((y0 + y) * width + x0) * 3, under, y * regionW * 3, regionW * 3);
            }
        }

        /**
         * For output pixels {@code start ..}: generated-frame neighbours ({@code i0}, {@code i1}, as offsets of
         * {@code stride} bytes per index) and weight, and the
         * mask ramp. The box spans {@code [origin, origin + extent)}; an edge strictly inside {@code (0, limit)} is
         * feathered.
         */
        private static void axis(int start, double origin, double extent, int gen, int limit, double feather,
                                 int stride, int[] i0, int[] i1, float[] frac, float[] mask) {
            boolean featherLow = origin > 0;
            boolean featherHigh = origin + extent < limit;
            double scale = gen / extent;
            for (int k = 0; k < i0.length; k++) {
                double centre = start + k + 0.5;
                double u = (centre - origin) * scale - 0.5;
                double fl = Math.floor(u);
                int a = (int) fl;
                double f = u - fl;
                if (a < 0) {
                    a = 0;
                    f = 0;
                } else if (a >= gen - 1) {
                    a = gen - 1;
                    f = 0;
                }
                i0[k] = a * stride;
                i1[k] = Math.min(a + 1, gen - 1) * stride;
                frac[k] = (float) f;
                double m = 1;
                if (featherLow) {
                    m *= ramp((centre - origin) / feather);
                }
                if (featherHigh) {
                    m *= ramp((origin + extent - centre) / feather);
                }
                mask[k] = (float) m;
            }
        }

        private static double ramp(double t) {
            if (t <= 0) {
                return 0;
            }
            if (t >= 1) {
                return 1;
            }
            return t * t * (3 - 2 * t);
        }

        /** Composites one generated frame ({@code genWidth x genHeight} RGB) and returns the reused frame buffer. */
        byte[] composite(byte[] gen) {
            for (int y = 0; y < regionH; y++) {
                float my = rowMask[y];
                float fy = rowFrac[y];
                int r0 = row0[y];
                int r1 = row1[y];
                int out = ((y0 + y) * width + x0) * 3;
                int base = y * regionW * 3;
                for (int x = 0; x < regionW; x++) {
                    float m = my * colMask[x];
                    int o = out + x * 3;
                    int b = base + x * 3;
                    if (m <= 0f) {
                        frame[o] = under[b];
                        frame[o + 1] = under[b + 1];
                        frame[o + 2] = under[b + 2];
                        continue;
                    }
                    float fx = colFrac[x];
                    int c0 = col0[x];
                    int c1 = col1[x];
                    for (int c = 0; c < 3; c++) {
                        float top = (gen[r0 + c0 + c] & 0xFF) * (1 - fx) + (gen[r0 + c1 + c] & 0xFF) * fx;
                        float bottom = (gen[r1 + c0 + c] & 0xFF) * (1 - fx) + (gen[r1 + c1 + c] & 0xFF) * fx;
                        float g = top * (1 - fy) + bottom * fy;
                        float v = m >= 1f ? g : (under[b + c] & 0xFF) + m * (g - (under[b + c] & 0xFF));
                        frame[o + c] = (byte) Math.min(255, Math.max(0, (int) (v + 0.5f)));
                    }
                }
            }
            return frame;
        }

        private static int clamp(int v, int lo, int hi) {
            return Math.max(lo, Math.min(hi, v));
        }
    }
}
