package io.vexpress.examples;

import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.RetargetStrategy;
import io.vexpress.TalkingHeadGenerator;

/**
 * V-Express's second scenario: only a portrait and any speech. The head stays still and only the mouth
 * and expression follow the audio ({@link RetargetStrategy#FIX_FACE}, the default without a keypoint sequence); no keypoint file is
 * needed, the reference face's keypoints come from the face detector.
 *
 * <pre>java -cp vexpress.jar io.vexpress.examples.AnyAudioExample models/v-express ref.jpg aud.mp3 unused out.mp4</pre>
 */
public final class AnyAudioExample {
    private AnyAudioExample() {
    }

    public static void main(String[] args) {
        ExampleInputs in = ExampleInputs.fromArgs(args, "any-audio.mp4");
        System.out.println("Wrote " + run(in).outputPath().orElseThrow());
    }

    /** Generates the video; used by {@link #main} and the tests. */
    public static GenerationResult run(ExampleInputs in) {
        try (TalkingHeadGenerator generator = TalkingHeadGenerator.builder().setModelBundle(in.models()).build()) {
            GenerationRequest.Builder request = GenerationRequest.builder()
                    .setReferenceImage(in.referenceImage())
                    .setAudio(in.audio())
                    .optSteps(in.steps())
                    .optRetargetStrategy(RetargetStrategy.FIX_FACE)
                    .setOutput(in.output());
            // Without a face detector in the bundle, give the face's keypoints yourself.
            in.referenceKeypoints().ifPresent(request::optReferenceKeypoints);
            return generator.generate(request.build());
        }
    }
}
