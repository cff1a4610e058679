package io.vexpress.media.image;

import io.vexpress.media.RgbImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * EXIF orientation (tag 0x0112): reading it from a TIFF structure and applying it the way Pillow's
 * {@code ImageOps.exif_transpose} does (2 mirror, 3 rotate 180, 4 flip, 5 transpose, 6 rotate 90 clockwise,
 * 7 transverse, 8 rotate 90 counter-clockwise). Also used to turn rotated video frames upright.
 */
public final class ExifOrientation {
    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {
    }

    /** The orientation in the TIFF block {@code [start, end)} of {@code buf}; 1 when absent or malformed. */
    static int parseTiff(ByteBuffer buf, int start, int end) {
        try {
            ByteBuffer tiff = buf.duplicate();
            if (start + 8 > end) {
                return 1;
            }
            byte b0 = tiff.get(start);
            if (b0 == 'I') {
                tiff.order(ByteOrder.LITTLE_ENDIAN);
            } else if (b0 == 'M') {
                tiff.order(ByteOrder.BIG_ENDIAN);
            } else {
                return 1;
            }
            int ifd = start + tiff.getInt(start + 4);
            if (ifd < start || ifd + 2 > end) {
                return 1;
            }
            int count = tiff.getShort(ifd) & 0xFFFF;
            for (int i = 0; i < count; i++) {
                int entry = ifd + 2 + i * 12;
                if (entry + 12 > end) {
                    return 1;
                }
                if ((tiff.getShort(entry) & 0xFFFF) == TAG_ORIENTATION) {
                    int type = tiff.getShort(entry + 2) & 0xFFFF;
                    int value = type == 3 ? tiff.getShort(entry + 8) & 0xFFFF : tiff.getInt(entry + 8);
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
        } catch (IndexOutOfBoundsException e) {
            return 1;
        }
        return 1;
    }

    /** {@code image} turned upright for EXIF {@code orientation} (1..8; other values return it unchanged). */
    public static RgbImage apply(RgbImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] src = image.toRgbBytes();
        byte[] dst = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int ox;
                int oy;
                switch (orientation) {
                    case 2 -> { ox = w - 1 - x; oy = y; }
                    case 3 -> { ox = w - 1 - x; oy = h - 1 - y; }
                    case 4 -> { ox = x; oy = h - 1 - y; }
                    case 5 -> { ox = y; oy = x; }
                    case 6 -> { ox = h - 1 - y; oy = x; }
                    case 7 -> { ox = h - 1 - y; oy = w - 1 - x; }
                    default -> { ox = y; oy = w - 1 - x; } // 8
                }
                System.arraycopy(src, (y * w + x) * 3, dst, (oy * ow + ox) * 3, 3);
            }
        }
        return RgbImage.of(ow, oh, dst);
    }
}
