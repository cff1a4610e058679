package io.vexpress.core.runtime;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads the operator nodes of an ONNX file's main graph straight from its protobuf encoding, skipping the
 * weights, without loading the model. ONNX Runtime's API does not list a session's nodes.
 *
 * <p>Only what is needed is decoded: {@code ModelProto.graph} (field 7), {@code GraphProto.node} (field 1),
 * and of each {@code NodeProto} its {@code name} (3), {@code op_type} (4) and {@code domain} (7). Nodes of
 * subgraphs (inside {@code If}/{@code Loop} attributes) are not visited.
 */
final class OnnxNodes {
    /** One node: its name (may be empty), operator type and domain ("" is the default ONNX domain). */
    record Node(String name, String opType, String domain) {
    }

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_DOMAIN = 7;
    /** A node larger than this (a Constant holding a big tensor) cannot be an attention node: skipped. */
    private static final int MAX_NODE_BYTES = 16 << 20;

    private OnnxNodes() {
    }

    /**
     * Calls {@code sink} for every node of {@code file}'s main graph, in file order.
     *
     * @throws IOException when the file cannot be read or is not a protobuf-encoded ONNX model
     */
    static void scan(Path file, Consumer<Node> sink) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Reader r = new Reader(in);
            long size = Files.size(file);
            while (r.position < size) {
                long key = r.varint();
                if (field(key) == MODEL_GRAPH && wireType(key) == 2) {
                    long end = r.length() + r.position;
                    while (r.position < end) {
                        long graphKey = r.varint();
                        if (field(graphKey) == GRAPH_NODE && wireType(graphKey) == 2) {
                            long length = r.length();
                            if (length > MAX_NODE_BYTES) {
                                r.skip(length);
                            } else {
                                sink.accept(node(r.bytes((int) length)));
                            }
                        } else {
                            r.skipField(graphKey);
                        }
                    }
                } else {
                    r.skipField(key);
                }
            }
        }
    }

    private static Node node(byte[] bytes) throws IOException {
        Reader r = new Reader(new java.io.ByteArrayInputStream(bytes));
        String name = "";
        String opType = "";
        String domain = "";
        while (r.position < bytes.length) {
            long key = r.varint();
            int f = field(key);
            if (wireType(key) == 2 && (f == NODE_NAME || f == NODE_OP_TYPE || f == NODE_DOMAIN)) {
                String s = new String(r.bytes((int) r.length()), StandardCharsets.UTF_8);
                switch (f) {
                    case NODE_NAME -> name = s;
                    case NODE_OP_TYPE -> opType = s;
                    default -> domain = s;
                }
            } else {
                r.skipField(key);
            }
        }
        return new Node(name, opType, domain);
    }

    private static int field(long key) {
        return (int) (key >>> 3);
    }

    private static int wireType(long key) {
        return (int) (key & 7);
    }

    /** Protobuf wire-format reading with a byte position. */
    private static final class Reader {
        private final InputStream in;
        private long position;

        Reader(InputStream in) {
            this.in = in;
        }

        long varint() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("truncated protobuf varint");
                }
                position++;
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IOException("malformed protobuf varint");
        }

        long length() throws IOException {
            long n = varint();
            if (n < 0) {
                throw new IOException("negative protobuf length");
            }
            return n;
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length != n) {
                throw new EOFException("truncated protobuf field");
            }
            position += n;
            return b;
        }

        void skip(long n) throws IOException {
            in.skipNBytes(n);
            position += n;
        }

        void skipField(long key) throws IOException {
            switch (wireType(key)) {
                case 0 -> varint();
                case 1 -> skip(8);
                case 2 -> skip(length());
                case 5 -> skip(4);
                default -> throw new IOException("unsupported protobuf wire type " + wireType(key) + " (not an ONNX model?)");
            }
        }
    }
}
