package io.vexpress;

import java.util.Locale;

/**
 * A setting an error message can be about. Exceptions carry the setting at fault ({@link VExpressException#setting()})
 * and write every setting they mention as a placeholder, so that each caller names it in its own words: the SDK
 * names its builder methods ({@link #sdkName(String)}, what {@link VExpressException#getMessage()} shows), a
 * command-line tool names its flags ({@link VExpressException#message(SettingNames)}).
 */
public enum Setting {
    /** {@link TalkingHeadGenerator.Builder#setModelBundle}. */
    MODEL_BUNDLE("TalkingHeadGenerator.Builder.setModelBundle(Path)"),
    /** {@link TalkingHeadGenerator.Builder#optDevice}; a value is a {@link Device#parse} name such as {@code cpu}. */
    DEVICE("TalkingHeadGenerator.Builder.optDevice(Device)"),
    /** {@link TalkingHeadGenerator.Builder#optPrecision}. */
    PRECISION("TalkingHeadGenerator.Builder.optPrecision(Precision)"),
    /** {@link TalkingHeadGenerator.Builder#optMemoryMode}. */
    MEMORY_MODE("TalkingHeadGenerator.Builder.optMemoryMode(MemoryMode)"),
    /** {@link TalkingHeadGenerator.Builder#optIntraOpThreads}. */
    INTRA_OP_THREADS("TalkingHeadGenerator.Builder.optIntraOpThreads(int)"),
    /** {@link TalkingHeadGenerator.Builder#optFaceDetectorModel} (or {@code optFaceDetector}). */
    FACE_DETECTOR("TalkingHeadGenerator.Builder.optFaceDetectorModel(Path)"),
    /** {@link GenerationRequest.Builder#setReferenceImage(java.nio.file.Path)}. */
    REFERENCE_IMAGE("setReferenceImage(...)"),
    /** {@link GenerationRequest.Builder#setAudio(java.nio.file.Path)}. */
    AUDIO("setAudio(...)"),
    /** {@link GenerationRequest.Builder#setOutput(java.nio.file.Path)}. */
    OUTPUT("setOutput(...)"),
    /** {@link GenerationRequest.Builder#optKeypoints(java.nio.file.Path)}. */
    KEYPOINTS("optKeypoints(...)"),
    /** {@link GenerationRequest.Builder#optReferenceKeypoints}. */
    REFERENCE_KEYPOINTS("optReferenceKeypoints(FaceKeypoints)"),
    /** {@link GenerationRequest.Builder#optRetargetStrategy}; a value is a snake_case strategy name. */
    RETARGET_STRATEGY("optRetargetStrategy(RetargetStrategy)"),
    /** {@link GenerationRequest.Builder#optSteps}. */
    STEPS("optSteps(int)"),
    /** {@link GenerationRequest.Builder#optGuidanceScale}. */
    GUIDANCE_SCALE("optGuidanceScale(double)"),
    /** {@link GenerationRequest.Builder#optReferenceAttentionWeight}. */
    REFERENCE_ATTENTION_WEIGHT("optReferenceAttentionWeight(double)"),
    /** {@link GenerationRequest.Builder#optAudioAttentionWeight}. */
    AUDIO_ATTENTION_WEIGHT("optAudioAttentionWeight(double)"),
    /** {@link GenerationRequest.Builder#optAttentionSchedule}. */
    ATTENTION_SCHEDULE("optAttentionSchedule(AttentionSchedule)"),
    /** {@link GenerationRequest.Builder#optScheduler}. */
    SCHEDULER("optScheduler(SchedulerType)"),
    /** {@link GenerationRequest.Builder#optContextFrames}. */
    CONTEXT_FRAMES("optContextFrames(int)"),
    /** {@link GenerationRequest.Builder#optContextOverlap}. */
    CONTEXT_OVERLAP("optContextOverlap(int)"),
    /** {@link GenerationRequest.Builder#optFps}. */
    FPS("optFps(double)"),
    /** {@link GenerationRequest.Builder#optWidth}. */
    WIDTH("optWidth(int)"),
    /** {@link GenerationRequest.Builder#optHeight}. */
    HEIGHT("optHeight(int)"),
    /** {@link GenerationRequest.Builder#optSeed}. */
    SEED("optSeed(long)"),
    /** {@link GenerationRequest.Builder#optNoisePrecision}. */
    NOISE_PRECISION("optNoisePrecision(Precision)"),
    /** {@link GenerationRequest.Builder#optImageFit}. */
    IMAGE_FIT("optImageFit(ImageFit)");

    private final String sdkName;

    Setting(String sdkName) {
        this.sdkName = sdkName;
    }

    /**
     * How the SDK names this setting in messages: its builder method, e.g. {@code optReferenceKeypoints(FaceKeypoints)};
     * with a value, the call that sets it, e.g. {@code optDevice(Device.cpu())} or {@code optRetargetStrategy(FIX_FACE)}.
     *
     * @param value the value a message suggests, or null
     */
    public String sdkName(String value) {
        if (value == null) {
            return sdkName;
        }
        String method = sdkName.substring(0, sdkName.indexOf('(') + 1);
        return switch (this) {
            case DEVICE -> method + "Device." + value.toLowerCase(Locale.ROOT) + "())";
            case RETARGET_STRATEGY, PRECISION, MEMORY_MODE, SCHEDULER, IMAGE_FIT, NOISE_PRECISION ->
                    method + value.toUpperCase(Locale.ROOT) + ")";
            default -> method + value + ")";
        };
    }

    /** The placeholder a message template writes for this setting: {@code {NAME}}. */
    public String placeholder() {
        return "{" + name() + "}";
    }

    /** The placeholder for this setting with a suggested value: {@code {NAME:value}}. */
    public String placeholder(String value) {
        return "{" + name() + ":" + value + "}";
    }
}
