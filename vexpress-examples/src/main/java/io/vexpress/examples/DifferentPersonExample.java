package io.vexpress.examples;

import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.RetargetStrategy;
import io.vexpress.TalkingHeadGenerator;

/**
 * V-Express's third scenario: another person's video drives the head motion. The reference face keeps
 * its own geometry and takes the driver's motion as offsets ({@link RetargetStrategy#OFFSET_RETARGET}).
 *
 * <pre>java -cp vexpress.jar io.vexpress.examples.DifferentPersonExample models/v-express ref.jpg aud.mp3 driver-kps.pth out.mp4</pre>
 */
public final class DifferentPersonExample {
    private DifferentPersonExample() {
    }

    public static void main(String[] args) {
        ExampleInputs in = ExampleInputs.fromArgs(args, "different-person.mp4");
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
                    .optRetargetStrategy(RetargetStrategy.OFFSET_RETARGET)
                    .setOutput(in.output());
            in.referenceKeypoints().ifPresent(request::optReferenceKeypoints);
            return generator.generate(request.build());
        }
    }
}
