package io.vexpress.core.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A NumPy {@code .npy} file (version 1/2, little-endian float32 or int64, or uint8; C order), as the export tool writes. */
record NpyArray(String dtype, long[] shape, ByteBuffer data) {

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    static NpyArray read(Path file) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (all.get() != (byte) 0x93 || all.get() != 'N' || all.get() != 'U') {
            throw new IOException(file + " is not a .npy file");
        }
        all.position(6);
        int major = all.get();
        all.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(all.getShort()) : all.getInt();
        byte[] header = new byte[headerLength];
        all.get(header);
        String text = new String(header, StandardCharsets.ISO_8859_1);
        if (text.contains("'fortran_order': True")) {
            throw new IOException(file + ": Fortran order is not supported");
        }
        Matcher d = DESCR.matcher(text);
        Matcher s = SHAPE.matcher(text);
        if (!d.find() || !s.find()) {
            throw new IOException(file + ": unreadable header " + text);
        }
        String dtype = d.group(1);
        if (!dtype.equals("<f4") && !dtype.equals("<i8") && !dtype.equals("|u1")) {
            throw new IOException(file + ": dtype " + dtype + " (expected <f4, <i8 or |u1)");
        }
        long[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        ByteBuffer data = all.slice().order(ByteOrder.LITTLE_ENDIAN);
        return new NpyArray(dtype, shape, data);
    }

    boolean isFloat() {
        return dtype.equals("<f4");
    }

    float[] floats() {
        float[] out = new float[data.remaining() / 4];
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    boolean isBytes() {
        return dtype.equals("|u1");
    }

    /** The uint8 values in a direct buffer (ONNX Runtime's uint8 tensors view direct memory). */
    ByteBuffer bytes() {
        ByteBuffer out = ByteBuffer.allocateDirect(data.remaining());
        out.put(data.duplicate()).flip();
        return out;
    }

    long[] longs() {
        long[] out = new long[data.remaining() / 8];
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }
}
