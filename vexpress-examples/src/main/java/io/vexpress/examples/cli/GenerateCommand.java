package io.vexpress.examples.cli;

import io.vexpress.GenerationRequest;
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
        GenerationRun.run(console, options.toGeneratorBuilder(), request);
        return ExitCodes.OK;
    }
}
