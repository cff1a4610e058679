package io.vexpress.media;

import io.vexpress.InvalidInputException;
import java.util.Arrays;

/**
 * An immutable 8-bit RGB image, pixels stored row by row as interleaved {@code R, G, B} bytes
 * (the layout of a numpy {@code uint8} array of shape {@code [height, width, 3]}).
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] rgb;

    private RgbImage(int width, int height, byte[] rgb) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /**
     * Wraps a copy of {@code rgb}.
     *
     * @throws InvalidInputException when the sizes are not positive or the array length is not width*height*3
     */
    public static RgbImage of(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("Image size must be positive, got " + width + "x" + height + ".");
        }
        if (rgb == null || rgb.length != (long) width * height * 3) {
            throw new InvalidInputException("An RGB image of " + width + "x" + height + " needs "
                    + ((long) width * height * 3) + " bytes, got " + (rgb == null ? "null" : rgb.length) + ".");
        }
        return new RgbImage(width, height, rgb.clone());
    }

    /** A black image. */
    public static RgbImage black(int width, int height) {
        return of(width, height, new byte[width * height * 3]);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel (x, y), 0..255. */
    public int channel(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }

    /** A copy of the interleaved RGB bytes. */
    public byte[] toRgbBytes() {
        return rgb.clone();
    }

    /** Copies the interleaved RGB bytes into {@code target} at {@code offset}, avoiding an allocation. */
    public void copyRgbBytes(byte[] target, int offset) {
        System.arraycopy(rgb, 0, target, offset, rgb.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage r && r.width == width && r.height == height && Arrays.equals(r.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
