package io.vexpress.examples;

import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.RetargetStrategy;
import io.vexpress.TalkingHeadGenerator;

/**
 * V-Express's first scenario: the keypoints were extracted from a video of the same person as the
 * reference image, so they drive the face as they are ({@link RetargetStrategy#NO_RETARGET}).
 *
 * <pre>java -cp vexpress.jar io.vexpress.examples.SamePersonExample models/v-express ref.jpg aud.mp3 kps.pth out.mp4</pre>
 */
public final class SamePersonExample {
    private SamePersonExample() {
    }

    public static void main(String[] args) {
        ExampleInputs in = ExampleInputs.fromArgs(args, "same-person.mp4");
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
                    .setOutput(in.output());
            return generator.generate(request.build());
        }
    }
}
