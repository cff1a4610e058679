package io.vexpress.media.kps;

import io.vexpress.keypoints.KeypointSequence;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (versions 1 to 3) for one float32 or float64 array of shape {@code [N, 3, 2]},
 * either byte order, C or Fortran order. Writes version 1.0, little-endian float32, C order.
 */
final class NpyFormat {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 4096;
    // numpy writes e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (137, 3, 2), }
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>=|])(f4|f8)'");
    private static final Pattern ANY_DESCR = Pattern.compile("'descr'\\s*:\\s*('[^']*'|\\[)");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([0-9,\\s]*)\\)");

    private NpyFormat() {
    }

    static KeypointSequence read(byte[] file, String source) {
        if (file.length < 10) {
            throw new TruncatedKeypointFileException(source + ": the .npy file ends inside its header.");
        }
        int major = file[6] & 0xFF;
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (file.length < 12) {
                throw new TruncatedKeypointFileException(source + ": the .npy file ends inside its header.");
            }
            headerLength = buf.getInt(8) & 0xFFFFFFFFL;
            headerStart = 12;
        } else {
            throw new KeypointFileException(source + ": .npy format version " + major + " is not supported (1 to 3 are).");
        }
        if (headerLength > MAX_HEADER) {
            throw new KeypointFileTooLargeException(source + ": the .npy header declares " + headerLength
                    + " bytes; real headers are under " + MAX_HEADER + ".");
        }
        if (headerStart + headerLength > file.length) {
            throw new TruncatedKeypointFileException(source + ": the .npy file ends inside its header.");
        }
        String header = new String(file, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        if (!descr.find()) {
            Matcher any = ANY_DESCR.matcher(header);
            throw new KeypointShapeException(source + ": the .npy array has dtype "
                    + (any.find() ? any.group(1) : "(none)") + "; keypoints must be float32 or float64.");
        }
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!fortran.find() || !shapeMatch.find()) {
            throw new KeypointFileException(source + ": the .npy header has no fortran_order or shape: " + header.trim());
        }
        long[] shape = parseShape(shapeMatch.group(1), source);
        if (shape.length != 3 || shape[1] != 3 || shape[2] != 2 || shape[0] < 1) {
            throw new KeypointShapeException(source + ": the array has shape " + java.util.Arrays.toString(shape)
                    + "; a keypoint sequence must be [frames, 3, 2] with at least one frame.");
        }
        if (shape[0] > RestrictedUnpickler.MAX_ELEMENTS / 6) {
            throw new KeypointFileTooLargeException(source + ": the .npy array declares " + shape[0]
                    + " frames, more than this reader accepts.");
        }
        int elementBytes = descr.group(2).equals("f4") ? 4 : 8;
        int count = (int) (shape[0] * 6);
        long dataStart = headerStart + headerLength;
        if (file.length - dataStart < (long) count * elementBytes) {
            throw new TruncatedKeypointFileException(source + ": the .npy file declares " + shape[0] + " frames but holds "
                    + (file.length - dataStart) + " data bytes of the " + (long) count * elementBytes + " needed.");
        }
        ByteBuffer data = ByteBuffer.wrap(file, (int) dataStart, count * elementBytes)
                .order(descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = elementBytes == 4 ? data.getFloat() : (float) data.getDouble();
        }
        if (fortran.group(1).equals("True")) {
            values = StridedCopy.fromColumnMajor(values, shape);
        }
        return KeypointArrays.fromRowMajor(shape, values, source);
    }

    private static long[] parseShape(String text, String source) {
        String[] parts = text.split(",");
        int n = 0;
        long[] shape = new long[parts.length];
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.matches("[0-9]+")) {
                throw new KeypointFileException(source + ": the .npy header has a malformed shape (" + text + ").");
            }
            if (t.length() > 12) {
                throw new KeypointFileTooLargeException(source + ": the .npy shape has a dimension of " + t + ".");
            }
            shape[n++] = Long.parseLong(t);
        }
        return java.util.Arrays.copyOf(shape, n);
    }

    static void write(KeypointSequence sequence, OutputStream out) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + sequence.frameCount() + ", 3, 2), }";
        // numpy pads the header with spaces and a newline so that the data starts at a multiple of 64.
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict);
        header.append(" ".repeat(total - unpadded)).append('\n');
        out.write(MAGIC);
        out.write(new byte[] {1, 0, (byte) header.length(), (byte) (header.length() >>> 8)});
        out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        float[] xy = sequence.toArray();
        ByteBuffer data = ByteBuffer.allocate(xy.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : xy) {
            data.putFloat(v);
        }
        out.write(data.array());
    }
}
