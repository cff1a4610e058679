package io.vexpress.media.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an image file declares before any pixel is decoded: container format, size and EXIF orientation.
 * Parsed from the first bytes only, so a decompression bomb is recognised without allocating its pixels.
 *
 * @param format the detected container
 * @param width declared width, or -1 when the format is not one this parser understands
 * @param height declared height, or -1 when unknown
 * @param orientation EXIF orientation 1..8 (1 = upright; also 1 when absent)
 * @param lossyWebp a WebP whose picture is VP8 (lossy, YUV 4:2:0) rather than VP8L (lossless)
 * @param adobeTransform a JPEG's Adobe APP14 colour transform (0 none/CMYK, 1 YCbCr, 2 YCCK), -1 without the marker
 * @param jpegComponents a JPEG's colour components (1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK), 0 for other formats
 */
record ImageHeader(Format format, int width, int height, int orientation, boolean lossyWebp, int adobeTransform,
        int jpegComponents) {

    /** Containers recognised by their magic bytes. */
    enum Format { JPEG, PNG, WEBP, BMP, GIF, UNKNOWN }

    /** Bytes read to find the header; EXIF must sit in this prefix (it does in practice: it precedes the pixels). */
    private static final int PREFIX = 256 * 1024;

    static ImageHeader read(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(PREFIX);
        }
        return parse(head);
    }

    static ImageHeader parse(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        try {
            if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
                return jpeg(buf);
            }
            if (b.length >= 24 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
                return png(buf);
            }
            if (b.length >= 30 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                    && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
                return webp(buf);
            }
            if (b.length >= 26 && b[0] == 'B' && b[1] == 'M') {
                buf.order(ByteOrder.LITTLE_ENDIAN);
                boolean os2 = buf.getInt(14) == 12; // BITMAPCOREHEADER: 16-bit sizes
                long w = os2 ? buf.getShort(18) & 0xFFFF : Math.abs((long) buf.getInt(18));
                long h = os2 ? buf.getShort(20) & 0xFFFF : Math.abs((long) buf.getInt(22)); // negative = top-down
                return new ImageHeader(Format.BMP, (int) Math.min(Integer.MAX_VALUE, w), (int) Math.min(Integer.MAX_VALUE, h),
                        1, false, -1, 0);
            }
            if (b.length >= 10 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
                buf.order(ByteOrder.LITTLE_ENDIAN);
                return new ImageHeader(Format.GIF, buf.getShort(6) & 0xFFFF, buf.getShort(8) & 0xFFFF, 1, false, -1, 0);
            }
        } catch (IndexOutOfBoundsException truncated) {
            // A header cut short: let the decoder report the file as corrupt.
        }
        return new ImageHeader(Format.UNKNOWN, -1, -1, 1, false, -1, 0);
    }

    private static ImageHeader jpeg(ByteBuffer buf) {
        buf.order(ByteOrder.BIG_ENDIAN);
        int pos = 2;
        int orientation = 1;
        int adobe = -1;
        while (pos + 4 <= buf.limit()) {
            if ((buf.get(pos) & 0xFF) != 0xFF) {
                break;
            }
            int marker = buf.get(pos + 1) & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte
                continue;
            }
            int length = buf.getShort(pos + 2) & 0xFFFF;
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                int h = buf.getShort(pos + 5) & 0xFFFF;
                int w = buf.getShort(pos + 7) & 0xFFFF;
                return new ImageHeader(Format.JPEG, w, h, orientation, false, adobe, buf.get(pos + 9) & 0xFF);
            }
            if (marker == 0xE1 && length >= 8 && buf.get(pos + 4) == 'E' && buf.get(pos + 5) == 'x'
                    && buf.get(pos + 6) == 'i' && buf.get(pos + 7) == 'f') {
                orientation = ExifOrientation.parseTiff(buf, pos + 10, Math.min(buf.limit(), pos + 2 + length));
            }
            if (marker == 0xEE && length >= 12 && buf.get(pos + 4) == 'A' && buf.get(pos + 5) == 'd'
                    && buf.get(pos + 6) == 'o' && buf.get(pos + 7) == 'b' && buf.get(pos + 8) == 'e') {
                adobe = buf.get(pos + 15) & 0xFF;
            }
            if (marker == 0xDA) {
                break; // start of scan without a frame header: corrupt
            }
            pos += 2 + length;
        }
        return new ImageHeader(Format.JPEG, -1, -1, orientation, false, adobe, 0);
    }

    private static ImageHeader png(ByteBuffer buf) {
        buf.order(ByteOrder.BIG_ENDIAN);
        // The size is IHDR's, the first chunk; PNG allows 1 to 2^31-1. Anything else is not a size (found by fuzzing:
        // a header whose bytes 16-23 were negative gave a negative "declared" size).
        boolean ihdr = buf.getInt(12) == 0x49484452; // "IHDR"
        int w = ihdr && buf.getInt(16) > 0 && buf.getInt(20) > 0 ? buf.getInt(16) : -1;
        int h = w > 0 ? buf.getInt(20) : -1;
        int orientation = 1;
        int pos = 8;
        while (pos + 8 <= buf.limit()) {
            int length = buf.getInt(pos);
            int type = buf.getInt(pos + 4);
            if (length < 0 || type == 0x49444154 /* IDAT */) {
                break;
            }
            if (type == 0x65584966 /* eXIf */) {
                orientation = ExifOrientation.parseTiff(buf, pos + 8, Math.min(buf.limit(), pos + 8 + length));
            }
            pos += 12 + length;
        }
        return new ImageHeader(Format.PNG, w, h, orientation, false, -1, 0);
    }

    private static ImageHeader webp(ByteBuffer buf) {
        buf.order(ByteOrder.LITTLE_ENDIAN);
        int w = -1;
        int h = -1;
        int orientation = 1;
        boolean lossy = false;
        int pos = 12;
        while (pos + 8 <= buf.limit()) {
            int type = buf.getInt(pos);
            int length = buf.getInt(pos + 4);
            int data = pos + 8;
            if (length < 0) {
                break;
            }
            if (type == fourcc("VP8X")) {
                w = 1 + ((buf.get(data + 4) & 0xFF) | (buf.get(data + 5) & 0xFF) << 8 | (buf.get(data + 6) & 0xFF) << 16);
                h = 1 + ((buf.get(data + 7) & 0xFF) | (buf.get(data + 8) & 0xFF) << 8 | (buf.get(data + 9) & 0xFF) << 16);
            } else if (type == fourcc("VP8 ")) {
                lossy = true;
                if (w < 0) {
                    w = buf.getShort(data + 6) & 0x3FFF;
                    h = buf.getShort(data + 8) & 0x3FFF;
                }
            } else if (type == fourcc("VP8L") && w < 0) {
                int bits = buf.getInt(data + 1);
                w = (bits & 0x3FFF) + 1;
                h = ((bits >>> 14) & 0x3FFF) + 1;
            } else if (type == fourcc("EXIF")) {
                int start = data;
                // Some writers keep the JPEG-style "Exif\0\0" prefix inside the chunk.
                if (buf.get(data) == 'E' && buf.get(data + 1) == 'x') {
                    start += 6;
                }
                orientation = ExifOrientation.parseTiff(buf, start, Math.min(buf.limit(), data + length));
            }
            pos = data + length + (length & 1);
        }
        return new ImageHeader(Format.WEBP, w, h, orientation, lossy, -1, 0);
    }

    private static int fourcc(String s) {
        return (s.charAt(0)) | (s.charAt(1) << 8) | (s.charAt(2) << 16) | (s.charAt(3) << 24);
    }
}
