package io.vexpress.examples.cli;

import io.vexpress.Device;
import io.vexpress.MemoryMode;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.runtime.BundleManifest;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.examples.studio.Studio;
import io.vexpress.keypoints.FaceKeypointDetector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vexpress studio}: the local web page (docs/studio.md). Runs until Ctrl-C. */
@Command(name = "studio", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Start a local web page for generation: drop a portrait, speech and optionally a kps.pth or a"
                + " driving video, preview the keypoints, generate with live progress, play and download the results.",
                "Prints the page's address (with its access token) and runs until Ctrl-C."},
        footer = ExitCodes.HELP_FOOTER)
final class StudioCommand extends CliCommand {

    @Option(names = {"--models", "--model_bundle", "--model-bundle"}, paramLabel = "DIR",
            defaultValue = "${env:VEXPRESS_MODELS:-models/v-express}",
            description = "The model bundle folder (docs/model-bundle.md), or tiny for the stand-in bundle. Default: $VEXPRESS_MODELS or ${DEFAULT-VALUE}.")
    Path models;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Where to listen. The default keeps the studio on this computer; 0.0.0.0 opens it to the network"
                    + " (anyone with the printed token can then use it). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8765",
            description = "The port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"--work_dir", "--work-dir"}, paramLabel = "DIR", defaultValue = "vexpress-studio",
            description = "Where uploads, previews and results are kept (results stay listed across restarts). Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = {"--max_upload_mb", "--max-upload-mb"}, paramLabel = "MB", defaultValue = "500",
            description = "The largest upload accepted (portraits are also limited to 40 MB, audio to 100 MB, keypoint"
                    + " files to 20 MB). Default: ${DEFAULT-VALUE}.")
    long maxUploadMb;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "cpu, cuda, cuda:N or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = {"--face_detector", "--face-detector"}, paramLabel = "ONNX",
            description = "SCRFD det_10g.onnx, instead of the bundle's face_detector or the built-in cascade detector.")
    Path faceDetector;

    @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime intra-op threads; 0 = all cores. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = {"--save_gpu_memory", "--save-gpu-memory"},
            description = "Load each model only for its stage.")
    boolean saveGpuMemory;

    @Override
    int execute(Console console) throws InterruptedException {
        try (ModelsFolder bundle = ModelsFolder.open(models)) {
            if (bundle.standIn()) {
                console.notice(DemoAssets.STAND_IN_NOTICE);
            }
            BundleManifest manifest = BundleManifest.read(bundle.folder());
            Path scrfd = faceDetector != null ? faceDetector
                    : manifest.has(ModelComponent.FACE_DETECTOR) ? manifest.models().get(ModelComponent.FACE_DETECTOR) : null;
            Device where = Device.parse(device);
            try (FaceKeypointDetector detector = FaceDetectors.open(scrfd, where, 0, 0, console::warning);
                 TalkingHeadGenerator generator = TalkingHeadGenerator.builder()
                         .setModelBundle(bundle.folder())
                         .optDevice(where)
                         .optIntraOpThreads(threads)
                         .optMemoryMode(saveGpuMemory ? MemoryMode.RELEASE_AFTER_STAGE : MemoryMode.KEEP_LOADED)
                         .optFaceDetector(detector)
                         .build();
                 CtrlCCancellation ctrlC = CtrlCCancellation.install();
                 Studio studio = Studio.start(new Studio.Config(workDir, host, port, maxUploadMb << 20), generator, detector,
                         manifest.audioSampleRate())) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("url", studio.address().toString());
                fields.put("work_dir", workDir.toAbsolutePath().toString());
                console.result("vexpress studio is running at " + studio.address() + "\n(work folder "
                        + workDir.toAbsolutePath() + "; Ctrl-C stops it)", fields);
                while (!ctrlC.token().isCancelled()) {
                    Thread.sleep(200);
                }
                return ExitCodes.OK;
            }
        }
    }
}
