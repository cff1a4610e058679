package io.vexpress.examples.cli;

import io.vexpress.GenerationRequest;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.keypoints.FaceKeypointDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vexpress generate}: V-Express's {@code inference.py} on the JVM. */
@Command(name = "generate", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Generate a talking-head video from a portrait, speech and (optionally) a keypoint sequence.",
        footer = ExitCodes.HELP_FOOTER)
final class GenerateCommand extends CliCommand {

    @Mixin
    GenerationOptions options = new GenerationOptions();

    @Override
    int execute(Console console) {
        GenerationRequest request = options.toRequest();
        TalkingHeadGenerator.Builder generator = options.toGeneratorBuilder();
        FaceKeypointDetector fallback = options.needsFallbackDetector(options.models)
                ? FallbackFaceDetector.open(console) : null;
        try {
            if (fallback != null) {
                generator.optFaceDetector(fallback);
            }
            GenerationRun.run(console, generator, request);
            return ExitCodes.OK;
        } finally {
            if (fallback != null) {
                fallback.close();
            }
        }
    }
}
