package io.vexpress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.keypoints.KeypointSequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationRequestTest {
    @TempDir
    Path dir;
    Path image;
    Path audio;
    Path kps;

    @BeforeEach
    void files() throws IOException {
        image = Files.write(dir.resolve("ref.jpg"), new byte[] {1});
        audio = Files.write(dir.resolve("aud.mp3"), new byte[] {1});
        kps = Files.write(dir.resolve("kps.pth"), new byte[] {1});
    }

    private GenerationRequest.Builder valid() {
        return GenerationRequest.builder().setReferenceImage(image).setAudio(audio).setOutput(dir.resolve("out.mp4"));
    }

    private String rejected(UnaryOperator<GenerationRequest.Builder> change) {
        return assertThrows(InvalidInputException.class, () -> change.apply(valid()).build()).getMessage();
    }

    @Test
    void defaultsAreVExpressDefaults() {
        GenerationRequest r = valid().build();
        assertEquals(25, r.steps());
        assertEquals(3.5, r.guidanceScale());
        assertEquals(new AttentionWeights(1.0, 1.0), r.attentionWeights());
        assertEquals(24, r.contextFrames());
        assertEquals(4, r.contextOverlap());
        assertEquals(30.0, r.fps());
        assertEquals(512, r.width());
        assertEquals(512, r.height());
        assertEquals(42L, r.seed());
        assertEquals(RetargetStrategy.FIX_FACE, r.retargetStrategy());
        assertEquals(SchedulerType.DDIM, r.scheduler());
        assertEquals(ImageFit.STRETCH, r.imageFit());
        assertTrue(r.medianFilter());
        assertFalse(r.referenceCompatibleRetarget());
        assertTrue(r.noisePrecision().isEmpty());
        assertTrue(r.attentionSchedule().isEmpty());
        assertTrue(r.warnings().isEmpty());
        assertEquals(dir.resolve("out.mp4"), r.outputPath().orElseThrow());
    }

    @Test
    void theDecodedFrameObserverIsOptionalAndKept() {
        assertTrue(valid().build().decodedFrameObserver().isEmpty());
        io.vexpress.media.DecodedFrameObserver observer = (frame, pixels) -> { };
        assertTrue(valid().optDecodedFrameObserver(observer).build().decodedFrameObserver().get() == observer);
    }

    @Test
    void eachMissingRequiredInputHasItsOwnMessage() {
        assertTrue(assertThrows(InvalidInputException.class,
                () -> GenerationRequest.builder().setAudio(audio).setOutput(dir.resolve("o.mp4")).build())
                .getMessage().contains("No reference image"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> GenerationRequest.builder().setReferenceImage(image).setOutput(dir.resolve("o.mp4")).build())
                .getMessage().contains("No audio"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> GenerationRequest.builder().setReferenceImage(image).setAudio(audio).build())
                .getMessage().contains("No output"));
    }

    @Test
    void missingAndFolderFilesAreNamed() {
        Path missing = dir.resolve("nope.jpg");
        String m = rejected(b -> b.setReferenceImage(missing));
        assertTrue(m.contains("Reference image file") && m.contains("does not exist") && m.contains("nope.jpg"), m);
        assertTrue(rejected(b -> b.setAudio(dir)).contains("Audio file " + dir + " is a folder"));
        assertTrue(rejected(b -> b.optKeypoints(dir.resolve("k.pth")).optRetargetStrategy(RetargetStrategy.NO_RETARGET))
                .contains("Keypoint sequence file"));
        assertTrue(rejected(b -> b.setOutput(dir.resolve("no/such/out.mp4"))).contains("Output folder"));
        assertTrue(rejected(b -> b.setOutput(dir)).contains("is a folder"));
    }

    @Test
    void strategiesThatReadASequenceNeedOne() {
        for (RetargetStrategy s : new RetargetStrategy[] {RetargetStrategy.NO_RETARGET, RetargetStrategy.OFFSET_RETARGET,
                RetargetStrategy.NAIVE_RETARGET}) {
            String m = rejected(b -> b.optRetargetStrategy(s));
            assertTrue(m.contains(s.snakeCaseName()) && m.contains("needs a driving keypoint sequence"), m);
            valid().optRetargetStrategy(s).optKeypoints(kps).build();
            valid().optRetargetStrategy(s).optKeypoints(KeypointSequence.of(new float[6])).build();
        }
    }

    @Test
    void numericSettingsAreChecked() {
        assertTrue(rejected(b -> b.optSteps(0)).startsWith("Steps (optSteps(int)) must be >= 1"));
        assertTrue(rejected(b -> b.optSteps(1001)).startsWith("Steps (optSteps(int)) must be <= 1000"));
        assertTrue(rejected(b -> b.optGuidanceScale(Double.NaN)).startsWith("Guidance scale"));
        assertTrue(rejected(b -> b.optGuidanceScale(-1)).startsWith("Guidance scale"));
        assertTrue(rejected(b -> b.optReferenceAttentionWeight(Double.NaN)).contains("reference attention weight"));
        assertTrue(rejected(b -> b.optReferenceAttentionWeight(-0.1)).contains("reference attention weight"));
        assertTrue(rejected(b -> b.optAudioAttentionWeight(Double.POSITIVE_INFINITY)).contains("audio attention weight"));
        assertTrue(rejected(b -> b.optAudioAttentionWeight(-1)).contains("audio attention weight"));
        assertTrue(rejected(b -> b.optContextFrames(0)).startsWith("Context frames"));
        assertTrue(rejected(b -> b.optContextOverlap(24)).startsWith("Context overlap"));
        assertTrue(rejected(b -> b.optContextOverlap(-1)).startsWith("Context overlap"));
        assertTrue(rejected(b -> b.optFps(0)).startsWith("Fps"));
        assertTrue(rejected(b -> b.optFps(Double.NaN)).startsWith("Fps"));
        assertTrue(rejected(b -> b.optWidth(510)).startsWith("Width (optWidth(int)) must be a positive multiple of 8"));
        assertTrue(rejected(b -> b.optHeight(0)).startsWith("Height (optHeight(int)) must be a positive multiple of 8"));
        assertTrue(rejected(b -> b.optRetargetStrategy(null)).startsWith("Retarget strategy must not be null"));
    }

    @Test
    void everyRejectionCarriesTheSettingAtFaultSoACallerCanNameItInItsOwnWords() {
        InvalidInputException steps = assertThrows(InvalidInputException.class, () -> valid().optSteps(0).build());
        assertEquals(Setting.STEPS, steps.setting().orElseThrow());
        assertEquals("Steps (--num_inference_steps) must be >= 1, got 0. V-Express uses 25.",
                steps.message((setting, value) -> setting == Setting.STEPS ? "--num_inference_steps" : "?"));
        InvalidInputException sequence = assertThrows(InvalidInputException.class,
                () -> valid().optRetargetStrategy(RetargetStrategy.OFFSET_RETARGET).build());
        assertEquals(Setting.KEYPOINTS, sequence.setting().orElseThrow());
        assertTrue(sequence.getMessage().contains("with optKeypoints(...), or use optRetargetStrategy(FIX_FACE)"),
                sequence.getMessage());
        String cli = sequence.message((setting, value) -> "--" + setting.name().toLowerCase() + (value == null ? "" : " " + value));
        assertTrue(cli.contains("with --keypoints, or use --retarget_strategy fix_face"), cli);
        assertEquals(Setting.REFERENCE_ATTENTION_WEIGHT, assertThrows(InvalidInputException.class,
                () -> valid().optReferenceAttentionWeight(-1).build()).setting().orElseThrow());
        assertEquals(Setting.OUTPUT, assertThrows(InvalidInputException.class,
                () -> valid().setOutput(dir).build()).setting().orElseThrow());
    }

    @Test
    void anOutputInsideAFileSaysSoInsteadOfAskingToCreateTheFolder() throws IOException {
        Path file = Files.write(dir.resolve("notes.txt"), new byte[] {1});
        String m = rejected(b -> b.setOutput(file.resolve("sub/out.mp4")));
        assertTrue(m.contains(file + ", which is a file, not a folder"), m);
        assertFalse(m.contains("create it first"), m);
    }

    @Test
    void theStrategyDefaultsToNoRetargetWithASequenceAndFixFaceWithout() {
        assertEquals(RetargetStrategy.FIX_FACE, valid().build().retargetStrategy());
        assertEquals(RetargetStrategy.NO_RETARGET, valid().optKeypoints(kps).build().retargetStrategy());
        assertEquals(RetargetStrategy.NO_RETARGET, valid().optKeypoints(KeypointSequence.of(new float[6])).build().retargetStrategy());
        assertEquals(RetargetStrategy.FIX_FACE, valid().optKeypoints(kps).optRetargetStrategy(RetargetStrategy.FIX_FACE)
                .build().retargetStrategy());
    }

    @Test
    void inferencePyDefaultsTakeItsWeightsAndFp16NoiseForWhatIsNotGiven() {
        GenerationRequest r = valid().optInferencePyDefaults(true).build();
        assertEquals(new AttentionWeights(0.95, 3.0), r.attentionWeights());
        assertEquals(Precision.FP16, r.noisePrecision().orElseThrow());
        assertTrue(r.inferencePyDefaults());
        assertTrue(r.warnings().isEmpty(), "0.95 and 3.0 are inside the recommended ranges: " + r.warnings());
        // explicit settings win, in either order
        GenerationRequest mixed = valid().optAudioAttentionWeight(1.5).optInferencePyDefaults(true)
                .optNoisePrecision(Precision.FP32).build();
        assertEquals(new AttentionWeights(0.95, 1.5), mixed.attentionWeights());
        assertEquals(Precision.FP32, mixed.noisePrecision().orElseThrow());
        assertEquals(new AttentionWeights(1.0, 1.0), valid().build().attentionWeights());
    }

    @Test
    void meaningfulValuesOutsideTheRecommendedRangesOnlyWarn() {
        GenerationRequest r = valid().optReferenceAttentionWeight(2.0).optAudioAttentionWeight(0.5).optFps(60).build();
        assertEquals(2.0, r.attentionWeights().reference());
        assertEquals(3, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().get(0).contains("Reference attention weight 2.0"));
        assertTrue(r.warnings().get(1).contains("Audio attention weight 0.5"));
        assertTrue(r.warnings().get(2).contains("Fps 60.0"));
    }

    @Test
    void attentionScheduleOverridesConstantWeights() {
        GenerationRequest constant = valid().optReferenceAttentionWeight(0.95).optAudioAttentionWeight(3).build();
        assertEquals(new AttentionWeights(0.95, 3), constant.attentionWeightsAt(7));
        GenerationRequest scheduled = valid().optSteps(5).optAttentionSchedule(AttentionSchedule.linear(
                new AttentionWeights(1.0, 3.0), new AttentionWeights(0.9, 1.0))).build();
        assertEquals(3.0, scheduled.attentionWeightsAt(0).audio(), 1e-12);
        assertEquals(2.0, scheduled.attentionWeightsAt(2).audio(), 1e-12);
        assertEquals(1.0, scheduled.attentionWeightsAt(4).audio(), 1e-12);
        assertEquals(0.9, scheduled.attentionWeightsAt(4).reference(), 1e-12);
    }

    @Test
    void laterSourceReplacesEarlierOne() {
        GenerationRequest r = valid().optKeypoints(kps).optKeypoints(KeypointSequence.of(new float[12])).build();
        assertTrue(r.keypointsPath().isEmpty());
        assertEquals(2, r.keypoints().orElseThrow().frameCount());
        assertNull(r.output().orElse(null));
    }
}
