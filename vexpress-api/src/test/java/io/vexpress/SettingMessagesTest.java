package io.vexpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.progress.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingMessagesTest {

    @Test
    void placeholdersAreNamedByTheCallerAndOtherBracesStay() {
        InvalidInputException e = new InvalidInputException(Setting.DEVICE,
                "Device cuda:3 is not there ({\"json\": 1}); use {DEVICE:cpu} or {DEVICE:auto}, or {UNKNOWN}.");
        assertEquals("Device cuda:3 is not there ({\"json\": 1}); use TalkingHeadGenerator.Builder.optDevice(Device.cpu()) or"
                + " TalkingHeadGenerator.Builder.optDevice(Device.auto()),"
                + " or {UNKNOWN}.", e.getMessage());
        assertEquals("Device cuda:3 is not there ({\"json\": 1}); use --device cpu or --device auto, or {UNKNOWN}.",
                e.message((s, v) -> "--" + s.name().toLowerCase() + (v == null ? "" : " " + v)));
        assertEquals(Optional.of(Setting.DEVICE), e.setting());
    }

    @Test
    void plainMessagesHaveNoSettingAndRenderUnchanged() {
        MediaException e = new MediaException("Cannot decode x.png {broken");
        assertTrue(e.setting().isEmpty());
        assertEquals("Cannot decode x.png {broken", e.message((s, v) -> "?"));
    }

    @Test
    void everySettingHasAnSdkNameWithAndWithoutAValue() {
        for (Setting s : Setting.values()) {
            assertTrue(s.sdkName(null).contains("("), s::name);
            assertTrue(s.sdkName("x").endsWith(")"), s::name);
        }
        assertEquals("optRetargetStrategy(FIX_FACE)", Setting.RETARGET_STRATEGY.sdkName("fix_face"));
    }

    @Test
    void stageTimingsIterateInStageOrderWhateverMapTheyCameIn() {
        Map<Stage, Duration> unordered = new HashMap<>();
        for (Stage s : List.of(Stage.DECODING_AND_ENCODING, Stage.AUDIO, Stage.LOAD_INPUTS, Stage.DENOISING, Stage.REFERENCE)) {
            unordered.put(s, Duration.ofMillis(s.ordinal()));
        }
        GenerationResult r = new GenerationResult(Optional.of(Path.of("o.mp4")), 1, 30, 1, unordered, List.of());
        assertEquals(List.of(Stage.LOAD_INPUTS, Stage.REFERENCE, Stage.AUDIO, Stage.DENOISING, Stage.DECODING_AND_ENCODING),
                List.copyOf(r.stageTimings().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> r.stageTimings().put(Stage.KEYPOINTS, Duration.ZERO));
    }

    @Test
    void theStandInBundleNeedsTheEngineJarAndAKnownName(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertTrue(ModelBundles.isName("tiny") && ModelBundles.isName(" TINY "));
        assertEquals(Setting.MODEL_BUNDLE, assertThrows(InvalidInputException.class,
                () -> ModelBundles.unpack("huge", dir)).setting().orElseThrow());
        // vexpress-api's tests run without vexpress-core, which ships the bundle
        EngineNotFoundException e = assertThrows(EngineNotFoundException.class, () -> ModelBundles.unpack("tiny", dir));
        assertTrue(e.getMessage().contains("io.vexpress:vexpress-core"), e.getMessage());
    }
}
