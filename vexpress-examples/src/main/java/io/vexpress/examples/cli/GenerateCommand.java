package io.vexpress.examples.cli;

import io.vexpress.GenerationRequest;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.keypoints.FaceKeypointDetector;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vexpress generate}: V-Express's {@code inference.py} on the JVM. */
@Command(name = "generate", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Generate a talking-head video from a portrait, speech and (optionally) a keypoint sequence.",
                "Takes every flag of V-Express's inference.py, so its command lines run unchanged. Its defaults differ"
                        + " in three places: here the attention weights default to 1.0 / 1.0 (V-Express's usage guide) and"
                        + " --dtype to fp32; inference.py's own defaults are 0.95 / 3.0 and fp16. --inference_py_defaults"
                        + " takes inference.py's."},
        footer = ExitCodes.HELP_FOOTER)
final class GenerateCommand extends CliCommand {

    @Mixin
    GenerationOptions options = new GenerationOptions();

    @Override
    int execute(Console console) {
        GenerationRequest request = options.toRequest();
        try (ModelsFolder models = ModelsFolder.open(options.models)) {
            if (models.standIn()) {
                console.notice(DemoAssets.STAND_IN_NOTICE);
            }
            TalkingHeadGenerator.Builder generator = options.toGeneratorBuilder(models.folder());
            List<String> warnings = new ArrayList<>(options.flagWarnings());
            FaceKeypointDetector fallback = options.needsFallbackDetector(models.folder()) ? FallbackFaceDetector.open() : null;
            try {
                if (fallback != null) {
                    warnings.add(FallbackFaceDetector.WARNING);
                    generator.optFaceDetector(fallback);
                }
                GenerationRun.run(console, generator, request, warnings);
                return ExitCodes.OK;
            } finally {
                if (fallback != null) {
                    fallback.close();
                }
            }
        }
    }
}
