package io.vexpress.core.render;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * The V-Kps image of every frame of a video, each drawn once ({@link VKpsRenderer}, pixel-identical to OpenCV) and
 * kept as its runs of colour: per row of the image, the maximal stretches of one non-black colour.
 *
 * <p>Why: the denoising loop shows every context window to the UNet in every step, and with a moving face every
 * position of every window changes face from one call to the next. Rasterising the faces again each time (two
 * 361-point {@code ellipse2Poly} outlines and their fills, about 50 µs a frame at 512x512) made the keypoints the
 * largest Java cost of a window call. A V-Kps image is black but for a face-sized patch drawn in five colours, so a
 * face is about 170 runs (1.4 KB) at 512x512 where the image is 786 KB: {@link VKpsWindow} erases the old face's runs
 * and paints the new one's, a few microseconds a frame, whatever the video's length or number of distinct faces.
 *
 * <p>The runs live off the Java heap (direct buffers, freed with this object); a frame whose keypoints equal the
 * previous frame's shares its face, so a still face is stored once. On the heap: one {@code int} per frame. Immutable
 * once made, so the windows of several devices read it at once.
 */
public final class VKpsVideo {
    /** Bits per coordinate in a run (images up to 1,048,576 pixels wide and high). */
    private static final int COORDINATE_BITS = 20;
    private static final long COORDINATE_MASK = (1L << COORDINATE_BITS) - 1;
    /** Largest width or height drawn. */
    public static final int MAX_SIZE = 1 << COORDINATE_BITS;

    private final int width;
    private final int height;
    private final int[] faceOfFrame;
    /** Per face: index of its first run, number of runs. */
    private final IntBuffer faces;
    /** Per run: {@code y << 43 | x0 << 23 | (x1 - x0) << 3 | colour}, faces' runs one after another. */
    private final LongBuffer runs;
    /** Per colour index and channel: a row of that channel's value, null where it is 0. */
    private final byte[][] rows;
    private final byte[] black;
    private final int faceCount;

    private VKpsVideo(int width, int height, int[] faceOfFrame, IntBuffer faces, int faceCount, LongBuffer runs, int[] palette) {
        this.width = width;
        this.height = height;
        this.faceOfFrame = faceOfFrame;
        this.faces = faces;
        this.faceCount = faceCount;
        this.runs = runs;
        this.rows = rows(palette, width);
        this.black = new byte[width];
    }

    /**
     * Draws the V-Kps images of {@code xy} (row-major {@code [frames, 3, 2]} keypoints, as
     * {@code KeypointSequence.toArray()}) at {@code width x height}.
     */
    public static VKpsVideo draw(float[] xy, int width, int height) {
        if (width < 1 || height < 1 || width > MAX_SIZE || height > MAX_SIZE) {
            throw new IllegalArgumentException("V-Kps images must be 1.." + MAX_SIZE + " pixels wide and high, got " + width + "x" + height);
        }
        if (xy.length % 6 != 0) {
            throw new IllegalArgumentException("Keypoints come as 6 values per frame, got " + xy.length);
        }
        int frames = xy.length / 6;
        int[] faceOfFrame = new int[frames];
        IntBuffer faces = directInts(2 * Math.max(frames, 1));
        Runs runs = new Runs(frames);
        BytePlaneCanvas canvas = new BytePlaneCanvas(width, height);
        VKpsRenderer.Scratch drawing = new VKpsRenderer.Scratch();
        int faceCount = 0;
        for (int f = 0; f < frames; f++) {
            int base = f * 6;
            if (f > 0 && Arrays.equals(xy, base - 6, base, xy, base, base + 6)) {
                faceOfFrame[f] = faceOfFrame[f - 1];
                continue;
            }
            VKpsRenderer.draw(xy, base, canvas, drawing); // clears the previous face's rectangle first
            faces.put(2 * faceCount, runs.size());
            runs.scan(canvas);
            faces.put(2 * faceCount + 1, runs.size() - faces.get(2 * faceCount));
            faceOfFrame[f] = faceCount++;
        }
        return new VKpsVideo(width, height, faceOfFrame, faces, faceCount, runs.finish(), runs.palette());
    }

    /** Image width. */
    public int width() {
        return width;
    }

    /** Image height. */
    public int height() {
        return height;
    }

    /** Frames of the video. */
    public int frames() {
        return faceOfFrame.length;
    }

    /** Distinct faces stored (consecutive frames with equal keypoints share one). */
    public int faces() {
        return faceCount;
    }

    /** The face frame {@code frame} shows, {@code 0..faces() - 1}. */
    public int faceOf(int frame) {
        if (frame < 0 || frame >= faceOfFrame.length) {
            throw new IndexOutOfBoundsException("Frame " + frame + " outside 0.." + (faceOfFrame.length - 1));
        }
        return faceOfFrame[frame];
    }

    /** Bytes held off the heap. */
    public long nativeBytes() {
        return 8L * runs.capacity() + 4L * faces.capacity();
    }

    /**
     * At most how many runs one face takes in an image {@code height} rows high: each of its five convex shapes (two
     * limbs of at most {@code height} rows, three dots of 9) gives a run per row, and where shapes of different
     * colours overlap a run can be cut in two. The memory estimate counts this many per frame.
     */
    public static long maxRunsPerFace(int height) {
        return 2 * (2L * height + 3 * (2 * VKpsRenderer.POINT_RADIUS + 1)) + 64;
    }

    /** Runs a face is made of (for tests and the memory estimate's check). */
    int runsOf(int face) {
        return faces.get(2 * face + 1);
    }

    /**
     * Paints face {@code face}'s runs (in its colours, or black when {@code erase}) into the R, G and B planes that
     * start at {@code red}, {@code green} and {@code blue} in {@code images} ({@code width x height} bytes each,
     * row-major). Only a run's non-zero channels are written: painting goes onto black (the window erased the old
     * face first), and erasing needs only what painting wrote. The V-Kps colours are pure red, green and blue and
     * 0.6 of the first two, so that is one channel of three.
     */
    void paint(int face, boolean erase, ByteBuffer images, int red, int green, int blue) {
        int first = faces.get(2 * face);
        int end = first + faces.get(2 * face + 1);
        for (int i = first; i < end; i++) {
            long run = runs.get(i);
            int y = (int) (run >>> (3 + 2 * COORDINATE_BITS));
            int x0 = (int) ((run >>> (3 + COORDINATE_BITS)) & COORDINATE_MASK);
            int length = (int) ((run >>> 3) & COORDINATE_MASK) + 1;
            int colour = (int) (run & 7);
            int at = y * width + x0;
            byte[] r = rows[3 * colour];
            byte[] g = rows[3 * colour + 1];
            byte[] b = rows[3 * colour + 2];
            if (r != null) {
                fill(images, red + at, length, erase ? black : r);
            }
            if (g != null) {
                fill(images, green + at, length, erase ? black : g);
            }
            if (b != null) {
                fill(images, blue + at, length, erase ? black : b);
            }
        }
    }

    private static void fill(ByteBuffer images, int at, int length, byte[] row) {
        if (length <= 8) { // most runs: an outline pixel, a dot's row; a bulk copy costs more than a few stores
            byte value = row[0];
            for (int i = 0; i < length; i++) {
                images.put(at + i, value);
            }
        } else {
            images.put(at, row, 0, length);
        }
    }

    /** Per colour index and channel, a row of {@code width} bytes of that channel's value; null where it is 0. */
    private static byte[][] rows(int[] palette, int width) {
        byte[][] rows = new byte[3 * palette.length][];
        for (int colour = 0; colour < palette.length; colour++) {
            for (int c = 0; c < 3; c++) {
                byte value = (byte) (palette[colour] >>> (16 - 8 * c));
                if (value != 0) {
                    byte[] row = new byte[width];
                    Arrays.fill(row, value);
                    rows[3 * colour + c] = row;
                }
            }
        }
        return rows;
    }

    private static IntBuffer directInts(int n) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(n, Integer.BYTES)).order(ByteOrder.nativeOrder()).asIntBuffer();
    }

    private static LongBuffer directLongs(int n) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(n, Long.BYTES)).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    /** The runs while they are being scanned: a direct buffer that grows by half when full. */
    private static final class Runs {
        /** A little more than a 512x512 face takes. */
        private static final int RUNS_PER_FRAME = 192;

        private LongBuffer buffer;
        private int size;
        private final int[] palette = new int[8];
        private int colours;

        Runs(int frames) {
            buffer = directLongs(Math.min(Math.max(frames, 1), 64) * RUNS_PER_FRAME); // grows with the faces, not the frames
        }

        int size() {
            return size;
        }

        /** Appends the runs of what {@code canvas} drew since it was cleared, row by row. */
        void scan(BytePlaneCanvas canvas) {
            if (canvas.blank()) {
                return;
            }
            byte[] planes = canvas.planes();
            int w = canvas.width();
            int plane = w * canvas.height();
            for (int y = canvas.top(); y <= canvas.bottom(); y++) {
                int row = y * w;
                int x = canvas.left();
                while (x <= canvas.right()) {
                    int rgb = rgb(planes, plane, row + x);
                    if (rgb == 0) {
                        x++;
                        continue;
                    }
                    int x0 = x;
                    do {
                        x++;
                    } while (x <= canvas.right() && rgb(planes, plane, row + x) == rgb);
                    add((long) y << (3 + 2 * COORDINATE_BITS) | (long) x0 << (3 + COORDINATE_BITS)
                            | (long) (x - 1 - x0) << 3 | colour(rgb));
                }
            }
        }

        private static int rgb(byte[] planes, int plane, int at) {
            return (planes[at] & 0xFF) << 16 | (planes[plane + at] & 0xFF) << 8 | (planes[2 * plane + at] & 0xFF);
        }

        private int colour(int rgb) {
            for (int i = 0; i < colours; i++) {
                if (palette[i] == rgb) {
                    return i;
                }
            }
            if (colours == palette.length) {
                throw new IllegalStateException("A V-Kps image has more than " + palette.length + " colours");
            }
            palette[colours] = rgb;
            return colours++;
        }

        private void add(long run) {
            if (size == buffer.capacity()) {
                LongBuffer grown = directLongs(Math.addExact(size, Math.max(size / 2, 1024)));
                grown.put(0, buffer, 0, size);
                buffer = grown;
            }
            buffer.put(size++, run);
        }

        int[] palette() {
            return palette.clone();
        }

        /** The runs in a buffer of their size when the spare room is worth giving back. */
        LongBuffer finish() {
            if (buffer.capacity() - size > Math.max(size / 4, 4096)) {
                LongBuffer exact = directLongs(Math.max(size, 1));
                exact.put(0, buffer, 0, size);
                return exact;
            }
            return buffer;
        }
    }
}
