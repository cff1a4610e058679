package io.vexpress.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vexpress inspect-models}: checks a model bundle against the contract in docs/model-bundle.md. */
@Command(name = "inspect-models", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Check a model bundle: each model, its inputs and outputs, pass or fail against the contract.",
        footer = ExitCodes.HELP_FOOTER)
final class InspectModelsCommand extends CliCommand {

    @Option(names = {"--models", "--model_bundle", "--model-bundle"}, paramLabel = "DIR",
            defaultValue = "${env:VEXPRESS_MODELS:-models/v-express}",
            description = "The model bundle folder. Default: $VEXPRESS_MODELS or ${DEFAULT-VALUE}.")
    Path models;

    @Override
    int execute(Console console) {
        GenerationOptions.requireBundle(models);
        throw new UnsupportedOperationException("inspect-models is not available in this build yet");
    }
}
