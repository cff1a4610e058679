package io.vexpress.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vexpress extract-kps}: V-Express's {@code extract_kps_sequence_and_audio.py}. */
@Command(name = "extract-kps", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Extract the V-Kps sequence (kps.pth) and the audio track of a talking-head video.",
        footer = ExitCodes.HELP_FOOTER)
final class ExtractKpsCommand extends CliCommand {

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

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = "cpu, cuda, cuda:N or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = {"--height"}, paramLabel = "PX", defaultValue = "512", description = "Detection height. Default: ${DEFAULT-VALUE}.")
    int height;

    @Option(names = {"--width"}, paramLabel = "PX", defaultValue = "512", description = "Detection width. Default: ${DEFAULT-VALUE}.")
    int width;

    @Override
    int execute(Console console) {
        throw new UnsupportedOperationException("extract-kps is not available in this build yet");
    }
}
