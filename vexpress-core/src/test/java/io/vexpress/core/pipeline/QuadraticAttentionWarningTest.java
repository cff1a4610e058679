package io.vexpress.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.Device;
import io.vexpress.GenerationResult;
import io.vexpress.MemoryMode;
import io.vexpress.core.runtime.AttentionCensus;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.progress.ProgressEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuadraticAttentionWarningTest {
    private static final AttentionCensus EXPLICIT = new AttentionCensus(0, 32, true);

    @Test
    void explicitAttentionAtTheRealSizeNamesTheCauseTheMatrixAndTheFix() {
        String w = QuadraticAttentionWarning.check(EXPLICIT, 512, 512, 12, true, false).orElseThrow();
        // 2 x 12 frames x 8 heads x 4096 x 4096 floats
        assertTrue(w.contains("12.9 GB score matrix (2 x 12 frames x 8 heads x 4096 x 4096)"), w);
        assertTrue(w.contains("32 such attentions"), w);
        assertTrue(w.contains("512x512 with 12-frame windows"), w);
        assertTrue(w.contains("Re-export the bundle with the current tools/export"), w);
        // fp16 halves the matrix
        assertTrue(QuadraticAttentionWarning.check(EXPLICIT, 512, 512, 12, true, true).orElseThrow().contains("6.4 GB"));
    }

    @Test
    void aGenerationWithExplicitSpatialAttentionWarnsBeforeTheHeavyWork(@TempDir Path dir) throws IOException {
        // The tiny bundle attends over pooled tokens; renaming its reference-attention softmax into an attn1
        // scope (same length, so the protobuf stays valid) makes it look like an old tools/export UNet.
        Path bundle = TinyBundle.copyTo(dir.resolve("bundle"));
        Path unet = bundle.resolve("denoising_unet.onnx");
        String bytes = new String(Files.readAllBytes(unet), StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("/ref0/Softmax"));
        Files.write(unet, bytes.replace("/ref0/Softmax", "/a/attn1/Soft").getBytes(StandardCharsets.ISO_8859_1));

        List<ProgressEvent> events = new ArrayList<>();
        CapturingOutput out = new CapturingOutput();
        GenerationResult result;
        try (VExpressGenerator g = new VExpressGenerator(TinyBundle.config(bundle, Device.cpu(), MemoryMode.KEEP_LOADED))) {
            result = g.generate(new ParityFixture().request(out).optWidth(320).optHeight(320).optSteps(1).build(),
                    events::add, null);
        }
        List<String> warnings = result.warnings().stream().filter(w -> w.contains("explicit MatMul/Softmax")).toList();
        assertEquals(1, warnings.size(), result.warnings().toString());
        assertTrue(warnings.get(0).contains("1 such attentions"), warnings.get(0));
        int warned = events.indexOf(new ProgressEvent.Warning(warnings.get(0)));
        int denoising = events.indexOf(new ProgressEvent.StageStarted(io.vexpress.progress.Stage.DENOISING));
        assertTrue(warned >= 0 && warned < denoising, events.toString());
    }

    @Test
    void smallRequestsAndMemoryEfficientOrUnknownGraphsGetNoWarning() {
        // 128x128 guided 24 frames: 2 x 24 x 8 x 256² floats = 101 MB, below the threshold
        assertEquals(Optional.empty(), QuadraticAttentionWarning.check(EXPLICIT, 128, 128, 24, true, false));
        // 256x256 guided 12 frames: 805 MB, above it (the issue measured a 3.8 GB peak there)
        assertTrue(QuadraticAttentionWarning.check(EXPLICIT, 256, 256, 12, true, false).isPresent());
        // unguided halves it: 403 MB
        assertEquals(Optional.empty(), QuadraticAttentionWarning.check(EXPLICIT, 256, 256, 12, false, false));
        assertEquals(Optional.empty(), QuadraticAttentionWarning.check(new AttentionCensus(90, 0, true), 1024, 1024, 24, true, false));
        assertEquals(Optional.empty(), QuadraticAttentionWarning.check(new AttentionCensus(0, 0, false), 1024, 1024, 24, true, false));
    }
}
