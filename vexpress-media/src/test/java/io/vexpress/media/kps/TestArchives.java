package io.vexpress.media.kps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds torch-style ZIP archives with arbitrary (also hostile) entries for the tests. */
final class TestArchives {
    private TestArchives() {
    }

    /** A ZIP with the given entries in order; {@code deflated} entries are compressed. */
    static byte[] zip(Map<String, byte[]> entries, boolean deflated) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
                byte[] data = e.getValue();
                if (deflated) {
                    entry.setMethod(ZipArchiveEntry.DEFLATED);
                } else {
                    entry.setMethod(ZipArchiveEntry.STORED);
                    entry.setSize(data.length);
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    entry.setCrc(crc.getValue());
                }
                zip.putArchiveEntry(entry);
                zip.write(data);
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A kps.pth with just {@code kps/data.pkl} (and a version record). */
    static byte[] torchFile(byte[] pickle) throws IOException {
        return zip(new java.util.LinkedHashMap<>(Map.of("kps/data.pkl", pickle, "kps/version", "3\n".getBytes())), false);
    }

    /** A kps.pth whose pickle uses torch storage {@code 0}. */
    static byte[] torchFile(byte[] pickle, byte[] storage0) throws IOException {
        java.util.LinkedHashMap<String, byte[]> m = new java.util.LinkedHashMap<>();
        m.put("kps/data.pkl", pickle);
        m.put("kps/data/0", storage0);
        m.put("kps/version", "3\n".getBytes());
        return zip(m, false);
    }

    /** A pickle of one float32 tensor with the given size and stride over storage 0 of {@code numel} elements. */
    static byte[] tensorPickle(long numel, long offset, long[] size, long[] stride) {
        TorchArchiveWriter.PickleOut p = new TorchArchiveWriter.PickleOut();
        p.proto(2);
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.mark();
        p.mark();
        p.unicode("storage");
        p.global("torch", "FloatStorage");
        p.unicode("0");
        p.unicode("cpu");
        p.integer(numel);
        p.op('t');
        p.op('Q');
        p.integer(offset);
        tuple(p, size);
        tuple(p, stride);
        p.op(0x89);
        p.global("collections", "OrderedDict");
        p.op(')');
        p.op('R');
        p.op('t');
        p.op('R');
        p.op('.');
        return p.bytes();
    }

    private static void tuple(TorchArchiveWriter.PickleOut p, long[] values) {
        p.mark();
        for (long v : values) {
            p.integer(v);
        }
        p.op('t');
    }

    static byte[] floats(float... values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
