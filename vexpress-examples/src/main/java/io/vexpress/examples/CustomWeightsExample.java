package io.vexpress.examples;

import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.RetargetStrategy;
import io.vexpress.TalkingHeadGenerator;

/**
 * V-Express's fourth scenario: the attention weights. A lower reference weight (0.95) allows more motion,
 * a higher audio weight (3.0) makes the lips follow the speech more strongly, at the cost of more mouth
 * artefacts.
 *
 * <pre>java -cp vexpress.jar io.vexpress.examples.CustomWeightsExample models/v-express ref.jpg aud.mp3 kps.pth out.mp4</pre>
 */
public final class CustomWeightsExample {
    private CustomWeightsExample() {
    }

    public static void main(String[] args) {
        ExampleInputs in = ExampleInputs.fromArgs(args, "custom-weights.mp4");
        System.out.println("Wrote " + run(in).outputPath().orElseThrow());
    }

    /** Generates the video; used by {@link #main} and the tests. */
    public static GenerationResult run(ExampleInputs in) {
        try (TalkingHeadGenerator generator = TalkingHeadGenerator.builder().setModelBundle(in.models()).build()) {
            GenerationRequest.Builder request = GenerationRequest.builder()
                    .setReferenceImage(in.referenceImage())
                    .setAudio(in.audio())
                    .optSteps(in.steps())
                    .optKeypoints(in.keypoints())
                    .optRetargetStrategy(RetargetStrategy.NO_RETARGET)
                    .optReferenceAttentionWeight(0.95)
                    .optAudioAttentionWeight(3.0)
                    .setOutput(in.output());
            return generator.generate(request.build());
        }
    }
}
