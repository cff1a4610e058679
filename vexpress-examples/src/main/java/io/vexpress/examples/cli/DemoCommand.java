package io.vexpress.examples.cli;

import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.RetargetStrategy;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.examples.demo.DemoPortrait;
import io.vexpress.media.video.Mp4Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vexpress demo}: {@code generate} on inputs the jar ships or makes itself, with the tiny
 * random-weight models bundled in the jar, so that a fresh clone proves the whole pipeline runs.
 */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Generate a video from a drawn portrait, synthesised speech and a generated head motion,"
                + " with the tiny random-weight stand-in models bundled in this jar (no download needed).",
                "The stand-in models prove the pipeline; their video is noise. For real results see docs/model-bundle.md."},
        footer = ExitCodes.HELP_FOOTER)
final class DemoCommand extends CliCommand {
    /** The frame rate the demo's motion is timed for: V-Express's default request. */
    static final double FPS = GenerationRequest.DEFAULT_FPS;

    @Option(names = {"--output_path", "--output-path", "-o"}, paramLabel = "FILE", defaultValue = "out/vexpress-demo.mp4",
            description = "The MP4 file to write. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = {"--retarget_strategy", "--retarget-strategy"}, paramLabel = "NAME", defaultValue = "offset_retarget",
            converter = GenerationOptions.RetargetStrategyConverter.class,
            description = "How the generated head motion drives the portrait. Default: ${DEFAULT-VALUE}.")
    RetargetStrategy retargetStrategy;

    @Option(names = {"--num_inference_steps", "--num-inference-steps"}, paramLabel = "N",
            description = "Denoising steps; fewer than generate's 25 to keep the demo short on a laptop. Default: ${DEFAULT-VALUE}.")
    int steps = 10;

    @Option(names = "--seconds", paramLabel = "S",
            description = "Use only the first S seconds of the 3.9 s speech, for a quicker run. Default: all of it.")
    double seconds = Double.POSITIVE_INFINITY;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", converter = GenerationOptions.DeviceConverter.class,
            description = "cpu, cuda, cuda:N or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = {"--work_dir", "--work-dir"}, paramLabel = "DIR",
            description = "Keep the demo's inputs (tiny bundle, portrait.png, speech.wav, kps.pth) in this folder"
                    + " instead of a temporary one that is deleted afterwards.")
    Path workDir;

    @Override
    int execute(Console console) throws IOException {
        new Mp4Output(output).checkWritable();
        console.notice(DemoAssets.STAND_IN_NOTICE);
        Path folder = workDir != null ? workDir : Files.createTempDirectory("vexpress-demo");
        try {
            DemoAssets assets = DemoAssets.create(folder, FPS, seconds);
            if (workDir != null) {
                console.info("Demo inputs: " + folder.toAbsolutePath() + " (the stand-in bundle also runs by name:"
                        + " --models tiny)");
            }
            GenerationRequest request = request(assets, output, retargetStrategy, steps);
            TalkingHeadGenerator.Builder generator = TalkingHeadGenerator.builder()
                    .setModelBundle(assets.bundle())
                    .optDevice(Device.parse(device));
            GenerationRun.run(console, generator, request, List.of());
            console.notice("Reminder: this video comes from random-weight stand-in models; see docs/model-bundle.md for the real ones.");
            return ExitCodes.OK;
        } finally {
            if (workDir == null) {
                DemoAssets.deleteTree(folder);
            }
        }
    }

    /** The demo's request: the drawn portrait (whose keypoints are known), the speech and the head motion. */
    static GenerationRequest request(DemoAssets assets, Path output, RetargetStrategy strategy, int steps) {
        return GenerationRequest.builder()
                .setReferenceImage(assets.portrait())
                .setAudio(assets.speech())
                .optKeypoints(assets.keypoints())
                .optReferenceKeypoints(DemoPortrait.KEYPOINTS)
                .optRetargetStrategy(strategy)
                .optSteps(steps)
                .optFps(FPS)
                .setOutput(output)
                .build();
    }
}
