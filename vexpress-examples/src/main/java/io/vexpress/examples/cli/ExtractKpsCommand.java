package io.vexpress.examples.cli;

import io.vexpress.Device;
import io.vexpress.InvalidInputException;
import io.vexpress.Setting;
import io.vexpress.SettingNames;
import io.vexpress.core.extract.ExtractionMode;
import io.vexpress.core.extract.ExtractionResult;
import io.vexpress.core.extract.KeypointExtractor;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.media.files.OutputFiles;
import io.vexpress.media.kps.KeypointFileFormat;
import io.vexpress.media.video.FfmpegVideoDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vexpress extract-kps}: V-Express's {@code extract_kps_sequence_and_audio.py}. */
@Command(name = "extract-kps", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Extract the V-Kps sequence (kps.pth) and the audio track of a talking-head video.",
        footer = ExitCodes.HELP_FOOTER)
final class ExtractKpsCommand extends CliCommand {
    /** This command's flags: the video is its input, the keypoint file its output. */
    static final CliSettingNames NAMES = CliSettingNames.GENERATE.with(Setting.REFERENCE_IMAGE, "--video_path")
            .with(Setting.OUTPUT, "--kps_sequence_save_path");

    @Option(names = {"--video_path", "--video-path"}, required = true, paramLabel = "FILE",
            description = "The video of one talking face.")
    Path video;

    @Option(names = {"--kps_sequence_save_path", "--kps-sequence-save-path"}, required = true, paramLabel = "FILE",
            description = "Where to write the keypoint sequence (kps.pth, or .npy/.json by extension).")
    Path keypointsOut;

    @Option(names = {"--audio_save_path", "--audio-save-path"}, paramLabel = "FILE",
            description = "Where to write the audio track (format by extension, e.g. aud.mp3); skipped when absent.")
    Path audioOut;

    @Option(names = {"--face_detector", "--face-detector"}, paramLabel = "ONNX",
            description = "SCRFD det_10g.onnx (insightface buffalo_l); without it a built-in cascade detector is used,"
                    + " which is less precise.")
    Path faceDetector;

    @Option(names = "--tolerant",
            description = "Keep going on frames with no face or several faces (fill from the neighbours) instead of failing"
                    + " as V-Express does.")
    boolean tolerant;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", converter = GenerationOptions.DeviceConverter.class,
            description = "cpu, cuda, cuda:N or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = {"--height"}, paramLabel = "PX", defaultValue = "512", description = "Detection height. Default: ${DEFAULT-VALUE}.")
    int height;

    @Option(names = {"--width"}, paramLabel = "PX", defaultValue = "512", description = "Detection width. Default: ${DEFAULT-VALUE}.")
    int width;

    @Override
    SettingNames settingNames() {
        return NAMES;
    }

    /** Checks the video and both outputs before any frame is decoded. */
    private void checkFiles() {
        if (!Files.isRegularFile(video)) {
            throw new InvalidInputException(Setting.REFERENCE_IMAGE, "Video " + video.toAbsolutePath()
                    + (Files.isDirectory(video) ? " is a folder." : " does not exist."));
        }
        KeypointFileFormat.forFileName(keypointsOut);
        OutputFiles.checkWritable(keypointsOut, false);
        if (audioOut != null) {
            try {
                FfmpegVideoDecoder.checkAudioTarget(audioOut);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.message(NAMES.with(Setting.OUTPUT, "--audio_save_path")), e);
            }
        }
    }

    @Override
    int execute(Console console) {
        checkFiles();
        Optional<TerminalProgressBar> bar = console.bar();
        List<String> warnings = new ArrayList<>();
        ExtractionResult result;
        try (FaceKeypointDetector detector = FaceDetectors.open(faceDetector, Device.parse(device), height, width, w -> {
            warnings.add(w);
            console.warning(w);
        });
             CtrlCCancellation ctrlC = CtrlCCancellation.install()) {
            KeypointExtractor extractor = KeypointExtractor.builder(detector)
                    .mode(tolerant ? ExtractionMode.TOLERANT : ExtractionMode.STRICT)
                    .frameSize(width, height)
                    .cancellation(ctrlC.token())
                    .listener((frame, total, faces) -> bar.ifPresent(b -> b.progress(
                            total > 0 ? (double) frame / total : 0,
                            total > 0 ? "frame " + frame + "/" + total : "frame " + frame)))
                    .build();
            bar.ifPresent(b -> b.startTask("Extracting"));
            result = extractor.extractTo(video, keypointsOut, audioOut);
            bar.ifPresent(TerminalProgressBar::finishTask);
        } finally {
            bar.ifPresent(TerminalProgressBar::finish);
        }
        for (String warning : warnings(result)) {
            warnings.add(warning);
            console.warning(warning);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kps_path", keypointsOut.toAbsolutePath().toString());
        fields.put("audio_path", result.audioFile().map(p -> p.toAbsolutePath().toString()).orElse(null));
        fields.put("frames", result.frameCount());
        fields.put("fps", result.fps());
        fields.put("filled_frames", result.filledFrames());
        fields.put("multi_face_frames", result.multiFaceFrames());
        fields.put("warnings", warnings);
        console.result(String.format(Locale.ROOT, "Wrote %d frames of keypoints (%.3f fps) to %s%s.", result.frameCount(),
                result.fps(), keypointsOut.toAbsolutePath(),
                result.audioFile().map(p -> " and the audio to " + p.toAbsolutePath()).orElse("")), fields);
        return ExitCodes.OK;
    }

    private static List<String> warnings(ExtractionResult result) {
        List<String> out = new ArrayList<>();
        if (!result.filledFrames().isEmpty()) {
            out.add(result.filledFrames().size() + " frame(s) had no face and were interpolated from their neighbours"
                    + " (first: frame " + result.filledFrames().get(0) + ").");
        }
        if (!result.multiFaceFrames().isEmpty()) {
            out.add(result.multiFaceFrames().size() + " frame(s) had several faces; the highest-scored one was taken"
                    + " (first: frame " + result.multiFaceFrames().get(0) + ").");
        }
        return out;
    }
}
