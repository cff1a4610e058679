package io.vexpress.media.kps;

import io.vexpress.keypoints.KeypointSequence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes a keypoint sequence as torch's ZIP serialization of one float32 tensor of shape
 * {@code [frames, 3, 2]}. That is what {@code torch.load} (also with {@code weights_only=True}) reads back,
 * and what V-Express's {@code torch.tensor(torch.load(path))} turns into its {@code [len, 3, 2]} tensor.
 * (V-Express's own files hold a list of numpy arrays, which {@code weights_only=True} refuses in torch 1.x.)
 */
final class TorchArchiveWriter {
    /** Torch aligns storage entries to 64 bytes so that they can be memory-mapped; we do the same. */
    private static final int STORAGE_ALIGNMENT = 64;

    private TorchArchiveWriter() {
    }

    /**
     * Writes V-Express's own layout: a list of {@code [3, 2]} float32 numpy arrays, as its
     * {@code extract_kps_sequence_and_audio.py} saves them. {@code torch.load} reads it, but not with
     * {@code weights_only=True} in torch 1.x (numpy globals are not allowed there).
     */
    static void writeNumpyList(KeypointSequence sequence, String archiveName, OutputStream target) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(target)) {
            stored(zip, archiveName + "/data.pkl", numpyListPickle(sequence), 0);
            stored(zip, archiveName + "/version", "3\n".getBytes(StandardCharsets.US_ASCII), 0);
            zip.finish();
        }
    }

    /** The protocol-2 pickle numpy and torch.save write for a list of float32 [3, 2] arrays (without the memo). */
    static byte[] numpyListPickle(KeypointSequence sequence) {
        PickleOut p = new PickleOut();
        p.proto(2);
        p.op(']');
        p.mark();
        ByteBuffer raw = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < sequence.frameCount(); f++) {
            p.global("numpy.core.multiarray", "_reconstruct");
            p.global("numpy", "ndarray");
            p.integer(0);
            p.op(0x85); // TUPLE1
            latin1Bytes(p, new byte[] {'b'});
            p.op(0x87); // TUPLE3
            p.op('R');
            p.mark(); // state: (1, (3, 2), dtype, False, bytes)
            p.integer(1);
            p.integer(3);
            p.integer(2);
            p.op(0x86); // TUPLE2
            p.global("numpy", "dtype");
            p.unicode("f4");
            p.op(0x89);
            p.op(0x88);
            p.op(0x87);
            p.op('R');
            p.mark(); // dtype state: (3, '<', None, None, None, -1, -1, 0)
            p.integer(3);
            p.unicode("<");
            p.op('N');
            p.op('N');
            p.op('N');
            p.integer(-1);
            p.integer(-1);
            p.integer(0);
            p.op('t');
            p.op('b');
            p.op(0x89); // not Fortran order
            raw.clear();
            for (int v = 0; v < 6; v++) {
                raw.putFloat(sequence.get(f, v / 2, v % 2));
            }
            latin1Bytes(p, raw.array());
            p.op('t');
            p.op('b');
        }
        p.op('e'); // APPENDS
        p.op('.');
        return p.bytes();
    }

    /** Protocol 2 has no bytes opcode: Python writes {@code _codecs.encode(str, 'latin1')}, one character per byte. */
    private static void latin1Bytes(PickleOut p, byte[] bytes) {
        p.global("_codecs", "encode");
        StringBuilder s = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            s.append((char) (b & 0xFF));
        }
        p.unicode(s.toString());
        p.unicode("latin1");
        p.op(0x86);
        p.op('R');
    }

    /** @param archiveName the top folder inside the ZIP (torch uses the file name without extension) */
    static void write(KeypointSequence sequence, String archiveName, OutputStream target) throws IOException {
        float[] xy = sequence.toArray();
        ByteBuffer storage = ByteBuffer.allocate(xy.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : xy) {
            storage.putFloat(v);
        }
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(target)) {
            stored(zip, archiveName + "/data.pkl", tensorPickle(sequence.frameCount()), 0);
            stored(zip, archiveName + "/data/0", storage.array(), STORAGE_ALIGNMENT);
            stored(zip, archiveName + "/version", "3\n".getBytes(StandardCharsets.US_ASCII), 0);
            zip.finish();
        }
    }

    private static void stored(ZipArchiveOutputStream zip, String name, byte[] data, int alignment) throws IOException {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipArchiveEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        entry.setTime(315532800000L); // 1980-01-01, as torch writes: byte-identical output for equal input
        if (alignment > 0) {
            entry.setAlignment(alignment);
        }
        zip.putArchiveEntry(entry);
        zip.write(data);
        zip.closeArchiveEntry();
    }

    /**
     * The pickle torch.save writes for a contiguous float32 tensor:
     * {@code _rebuild_tensor_v2(persistent('storage', FloatStorage, '0', 'cpu', numel), 0, size, stride, False, OrderedDict())}.
     */
    static byte[] tensorPickle(int frames) {
        PickleOut p = new PickleOut();
        p.proto(2);
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.mark();
        p.mark();
        p.unicode("storage");
        p.global("torch", "FloatStorage");
        p.unicode("0");
        p.unicode("cpu");
        p.integer(frames * 6L);
        p.op('t');
        p.op('Q'); // BINPERSID
        p.integer(0);
        p.integer(frames);
        p.integer(3);
        p.integer(2);
        p.op(0x87); // TUPLE3: size
        p.integer(6);
        p.integer(2);
        p.integer(1);
        p.op(0x87); // TUPLE3: stride
        p.op(0x89); // requires_grad = False
        p.global("collections", "OrderedDict");
        p.op(')');
        p.op('R');
        p.op('t');
        p.op('R');
        p.op('.');
        return p.bytes();
    }

    /** Emits pickle opcodes. */
    static final class PickleOut {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void op(int code) {
            out.write(code);
        }

        void proto(int version) {
            op(0x80);
            op(version);
        }

        void mark() {
            op('(');
        }

        void global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        void unicode(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            int32(b.length);
            out.writeBytes(b);
        }

        void integer(long v) {
            if (v >= 0 && v < 256) {
                op('K');
                op((int) v);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                op('J');
                int32((int) v);
            } else {
                throw new IllegalArgumentException("integer out of range: " + v);
            }
        }

        private void int32(int v) {
            out.write(v);
            out.write(v >>> 8);
            out.write(v >>> 16);
            out.write(v >>> 24);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
