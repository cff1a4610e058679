package io.vexpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorBuilderTest {
    @TempDir
    Path bundle;

    @Test
    void defaults() {
        GeneratorConfig c = TalkingHeadGenerator.builder().setModelBundle(bundle).toConfig();
        assertEquals(Device.cpu(), c.device());
        assertEquals(Precision.FP32, c.precision());
        assertEquals(MemoryMode.KEEP_LOADED, c.memoryMode());
        assertEquals(0, c.intraOpThreads());
        assertTrue(c.faceDetectorModel().isEmpty());
        assertTrue(c.faceDetector().isEmpty());
    }

    @Test
    void badSettingsHaveClearMessages() {
        assertTrue(assertThrows(ModelBundleException.class, () -> TalkingHeadGenerator.builder().build())
                .getMessage().startsWith("No model bundle"));
        ModelBundleException missing = assertThrows(ModelBundleException.class,
                () -> TalkingHeadGenerator.builder().setModelBundle(bundle.resolve("missing")).build());
        assertTrue(missing.getMessage().contains("does not exist. Export one with tools/export"), missing.getMessage());
        assertTrue(missing.getMessage().contains("TalkingHeadGenerator.Builder.setModelBundle(Path)"), missing.getMessage());
        assertEquals(Setting.MODEL_BUNDLE, missing.setting().orElseThrow());
        assertTrue(assertThrows(InvalidInputException.class,
                () -> TalkingHeadGenerator.builder().setModelBundle(bundle).optIntraOpThreads(-1).build())
                .getMessage().startsWith("Intra-op threads"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> TalkingHeadGenerator.builder().setModelBundle(bundle).optFaceDetectorModel(bundle.resolve("det.onnx")).build())
                .getMessage().startsWith("Face detector model"));
    }

    @Test
    void findsTheEngineThroughServiceLoader() throws IOException {
        Path det = Files.write(bundle.resolve("det_10g.onnx"), new byte[] {0});
        try (TalkingHeadGenerator g = TalkingHeadGenerator.builder().setModelBundle(bundle)
                .optDevice(Device.cuda(1)).optMemoryMode(MemoryMode.RELEASE_AFTER_STAGE).optFaceDetectorModel(det).build()) {
            assertSame(RecordingEngineProvider.lastConfig, g.config());
            assertEquals(Device.cuda(1), g.config().device());
            assertEquals(MemoryMode.RELEASE_AFTER_STAGE, g.config().memoryMode());
            assertEquals(det, g.config().faceDetectorModel().orElseThrow());
        }
    }

    @Test
    void withoutAnEngineTheErrorNamesTheArtifact() {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(original) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.startsWith("META-INF/services/") ? Collections.emptyEnumeration() : super.getResources(name);
            }
        });
        try {
            VExpressException e = assertThrows(VExpressException.class,
                    () -> TalkingHeadGenerator.builder().setModelBundle(bundle).build());
            assertInstanceOf(EngineNotFoundException.class, e);
            assertTrue(e.getMessage().contains("io.vexpress:vexpress-core"), e.getMessage());
        } finally {
            thread.setContextClassLoader(original);
        }
    }
}
