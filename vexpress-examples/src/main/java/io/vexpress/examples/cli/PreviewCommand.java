package io.vexpress.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code vexpress preview}: the retargeted V-Kps conditioning drawn over the reference image, side by
 * side with the driving keypoints, muxed with the audio, at exactly the length and frame rate
 * {@code generate} would produce. Needs no models.
 */
@Command(name = "preview", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Preview, in seconds and without models, the keypoint conditioning 'generate' would use:"
                + " the retargeted V-Kps over the reference image (left) and the driving keypoints (right),"
                + " with the audio, at the exact video length and fps of 'generate'.",
                "Takes the same flags as 'generate'; the model flags are accepted and ignored."},
        footer = ExitCodes.HELP_FOOTER)
final class PreviewCommand extends CliCommand {

    @Mixin
    GenerationOptions options = new GenerationOptions();

    @Override
    int execute(Console console) {
        throw new UnsupportedOperationException("preview is not available in this build yet");
    }
}
