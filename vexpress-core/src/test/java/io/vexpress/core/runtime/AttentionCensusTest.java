package io.vexpress.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttentionCensusTest {
    @TempDir
    Path dir;

    @Test
    void countsMultiHeadAttentionAndTheSoftmaxOfSelfAndReferenceAttention() throws IOException {
        Path file = dir.resolve("unet.onnx");
        Files.write(file, model(
                node("/unet/down_blocks.0/attentions.0/transformer_blocks.0/attn1/Softmax", "Softmax", ""),
                node("/unet/down_blocks.0/attentions.0/transformer_blocks.0/attn1_5/Softmax", "Softmax", "ai.onnx"),
                node("/unet/down_blocks.0/attentions.0/transformer_blocks.0/attn2/Softmax", "Softmax", ""),
                node("/unet/down_blocks.0/motion_modules.0/temporal_transformer/attention_blocks.0/Softmax", "Softmax", ""),
                node("/unet/mid_block/attentions.0/transformer_blocks.0/attn1/MultiHeadAttention", "MultiHeadAttention",
                        "com.microsoft"),
                node("/attn1/MultiHeadAttention_other_domain", "MultiHeadAttention", "example.org")));
        AttentionCensus census = AttentionCensus.of(file);
        assertEquals(new AttentionCensus(1, 2, true), census);
        assertTrue(census.quadratic());
    }

    @Test
    void theCommittedBundlesAreReadFromTheirGraphs() {
        // the tiny contract bundle attends over pooled tokens only (names /ref0/, /aud/, ...): not quadratic
        assertEquals(new AttentionCensus(0, 0, true), AttentionCensus.of(TinyBundle.folder().resolve("denoising_unet.onnx")));
        // V-Express's UNet exported by tools/export: 16 transformers x 3 attentions (attn1, attn1_5, attn2)
        // + 21 motion modules x 2 temporal attentions
        AttentionCensus arch = AttentionCensus.of(TinyBundle.resource("vexpress-arch-bundle").resolve("denoising_unet.onnx"));
        assertEquals(new AttentionCensus(16 * 3 + 21 * 2, 0, true), arch);
        assertFalse(arch.quadratic());
    }

    @Test
    void unreadableFilesGiveAnEmptyCensus() throws IOException {
        Path file = dir.resolve("broken.onnx");
        Files.write(file, new byte[] {0x3a, 0x7f, 0x01});  // field 7 claims 127 bytes, 1 follows
        assertEquals(new AttentionCensus(0, 0, false), AttentionCensus.of(file));
        assertEquals(new AttentionCensus(0, 0, false), AttentionCensus.of(dir.resolve("missing.onnx")));
    }

    @Test
    void scoreBytesAreBatchFramesHeadsAndTokensSquared() {
        // the example: one attention of a guided 24-frame window at 512x512, fp32
        assertEquals(2L * 24 * 8 * 4096 * 4096 * 4, AttentionCensus.scoreBytes(2, 24, 8, 64 * 64, 4));
    }

    /** A ModelProto with ir_version, a large initializer to skip, and the nodes, as protobuf bytes. */
    private static byte[] model(byte[]... nodes) throws IOException {
        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        for (byte[] n : nodes) {
            field(graph, 1, n);
        }
        field(graph, 2, "main_graph".getBytes(StandardCharsets.UTF_8));
        field(graph, 5, new byte[300_000]);  // an initializer: skipped, never decoded
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        varint(model, 1 << 3);  // ir_version, varint
        varint(model, 8);
        field(model, 7, graph.toByteArray());
        field(model, 2, "pytorch".getBytes(StandardCharsets.UTF_8));
        return model.toByteArray();
    }

    private static byte[] node(String name, String opType, String domain) throws IOException {
        ByteArrayOutputStream n = new ByteArrayOutputStream();
        List<String> io = new ArrayList<>(List.of("x", "y"));
        field(n, 1, io.get(0).getBytes(StandardCharsets.UTF_8));
        field(n, 2, io.get(1).getBytes(StandardCharsets.UTF_8));
        field(n, 3, name.getBytes(StandardCharsets.UTF_8));
        field(n, 4, opType.getBytes(StandardCharsets.UTF_8));
        if (!domain.isEmpty()) {
            field(n, 7, domain.getBytes(StandardCharsets.UTF_8));
        }
        // an attribute (AttributeProto as bytes) and a fixed32 field, both skipped
        field(n, 5, new byte[] {0x0a, 0x01, 0x61});
        varint(n, (9 << 3) | 5);
        n.write(new byte[4]);
        return n.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] payload) throws IOException {
        varint(out, ((long) number << 3) | 2);
        varint(out, payload.length);
        out.write(payload);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
