package io.vexpress.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.AttentionWeights;
import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.Precision;
import io.vexpress.RetargetStrategy;
import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.examples.demo.DemoPortrait;
import io.vexpress.examples.demo.ShortDemo;
import io.vexpress.keypoints.FaceKeypoints;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line speaks its own language: errors name flags, warnings reach the human and the JSON output, inference.py
 * flags map or explain themselves, and every command checks its output before the work.
 */
class CliLanguageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static DemoAssets demo;
    static Path facelessPortrait;

    @BeforeAll
    static void inputs() throws IOException {
        demo = ShortDemo.create(dir.resolve("demo"), 0.3);
        BufferedImage grey = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grey.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 512, 512);
        g.dispose();
        facelessPortrait = dir.resolve("wall.png");
        ImageIO.write(grey, "png", facelessPortrait.toFile());
    }

    private static String kps() {
        FaceKeypoints k = DemoPortrait.KEYPOINTS;
        return k.leftEyeX() + "," + k.leftEyeY() + "," + k.rightEyeX() + "," + k.rightEyeY() + "," + k.noseX() + "," + k.noseY();
    }

    private static List<String> generate(Path output, String... more) {
        List<String> args = new ArrayList<>(List.of("generate", "--models", "tiny", "--reference_image_path",
                demo.portrait().toString(), "--audio_path", demo.speech().toString(), "--output_path", output.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static CliHarness run(List<String> args) {
        return CliHarness.run(args.toArray(String[]::new));
    }

    /** A folder this process cannot create files in (read-only, or /sys for root). */
    private static Path unwritable() throws IOException {
        Path ro = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!Files.isWritable(ro)) {
            return ro;
        }
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys")));
        return Path.of("/sys");
    }

    @Test
    void aFixFaceRunWithoutAFaceNamesReferenceKpsAndFaceDetector() {
        Path out = dir.resolve("faceless.mp4");
        List<String> args = generate(out, "--num_inference_steps", "1");
        args.set(args.indexOf("--reference_image_path") + 1, facelessPortrait.toString());
        CliHarness r = run(args);
        assertEquals(ExitCodes.INVALID_INPUT, r.exitCode, r::toString);
        String error = r.err.lines().filter(l -> l.startsWith("vexpress: error:")).findFirst().orElseThrow();
        assertTrue(error.contains("--reference_kps") && error.contains("--face_detector"), error);
        assertFalse(error.contains("optReferenceKeypoints") || error.contains("Builder"), error);
        assertFalse(Files.exists(out));
    }

    @Test
    void aShortClipsWarningIsInTheJsonEventsAndTheResult() throws IOException {
        CliHarness r = run(generate(dir.resolve("short.mp4"), "--json", "--reference_kps", kps(), "--num_inference_steps", "1"));
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out.strip().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        long events = lines.stream().filter(n -> n.get("event").asText().equals("warning")
                && n.get("message").asText().contains("lasts 0.30 s")).count();
        assertEquals(1, events, r::toString);
        JsonNode result = lines.stream().filter(n -> n.get("event").asText().equals("result")).findFirst().orElseThrow();
        assertTrue(result.get("warnings").toString().contains("lasts 0.30 s"), result::toString);
        assertEquals("", r.err, "nothing but JSON");
    }

    @Test
    void humanOutputShowsEachWarningOnceOnItsOwnLine() {
        CliHarness r = run(generate(dir.resolve("human.mp4"), "--reference_kps", kps(), "--num_inference_steps", "1",
                "--reference_attention_weight", "2.0"));
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertEquals(1, r.err.lines().filter(l -> l.startsWith("warning: ") && l.contains("attention weight 2.0")).count(), r::toString);
        assertEquals(1, r.err.lines().filter(l -> l.startsWith("warning: ") && l.contains("lasts 0.30 s")).count(), r::toString);
        assertTrue(r.out.contains("2 warnings above"), r::toString);
    }

    @Test
    void aBadDtypeIsAUsageErrorLikeEveryOtherParseError() {
        CliHarness r = run(generate(dir.resolve("x.mp4"), "--dtype", "fp64"));
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.contains("fp64") && r.err.contains("fp32 or fp16"), r::toString);
        assertEquals(ExitCodes.USAGE, run(generate(dir.resolve("x.mp4"), "--device", "tpu")).exitCode);
        assertEquals(ExitCodes.USAGE, run(generate(dir.resolve("x.mp4"), "--scheduler", "euler")).exitCode);
    }

    @Test
    void everyCommandChecksItsOutputBeforeTheWork() throws IOException {
        Path ro = unwritable();
        Path video = Files.write(dir.resolve("talk.mp4"), new byte[] {1, 2, 3});
        List<List<String>> commands = List.of(
                generate(ro.resolve("o.mp4"), "--reference_kps", kps()),
                List.of("preview", "--reference_image_path", demo.portrait().toString(), "--audio_path", demo.speech().toString(),
                        "--output_path", ro.resolve("p.mp4").toString(), "--reference_kps", kps()),
                List.of("demo", "--output_path", ro.resolve("d.mp4").toString()),
                List.of("extract-kps", "--video_path", video.toString(), "--kps_sequence_save_path", ro.resolve("k.pth").toString()));
        for (List<String> command : commands) {
            long start = System.nanoTime();
            CliHarness r = run(command);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(ExitCodes.INVALID_INPUT, r.exitCode, r::toString);
            assertTrue(r.err.contains("permission denied"), r::toString);
            assertFalse(r.err.contains("Loading") || r.err.contains("random-weight"), "nothing ran: " + r);
            assertTrue(seconds < 5, command.get(0) + " took " + seconds + " s");
        }
        CliHarness warm = run(commands.get(0));
        assertTrue(warm.err.contains("--output_path") || warm.err.contains("permission denied"), warm::toString);
    }

    @Test
    void outputPathsThatCannotWorkSayWhy() throws IOException {
        CliHarness insideFile = run(generate(demo.portrait().resolve("out.mp4"), "--reference_kps", kps()));
        assertEquals(ExitCodes.INVALID_INPUT, insideFile.exitCode, insideFile::toString);
        assertTrue(insideFile.err.contains(demo.portrait() + " is a file, not a folder"), insideFile::toString);
        CliHarness noExtension = run(generate(dir.resolve("talk"), "--reference_kps", kps()));
        assertTrue(noExtension.err.contains("has no extension") && noExtension.err.contains("--output_path"), noExtension::toString);
        if (Files.isDirectory(Path.of("/proc/self"))) {
            CliHarness proc = run(generate(Path.of("/proc/vexpress/out.mp4"), "--reference_kps", kps()));
            assertTrue(proc.err.contains("Cannot create the output folder /proc/vexpress: no such file or folder; it is on a"
                    + " proc file system"), proc::toString);
        }
    }

    @Test
    void extractKpsOnAnEmptyFileSaysItIsEmpty() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        CliHarness r = CliHarness.run("extract-kps", "--video_path", empty.toString(), "--kps_sequence_save_path",
                dir.resolve("k.pth").toString());
        assertEquals(ExitCodes.MEDIA, r.exitCode, r::toString);
        assertTrue(r.err.contains("is empty (0 bytes)"), r::toString);
        CliHarness badKps = CliHarness.run("extract-kps", "--video_path", empty.toString(), "--kps_sequence_save_path",
                dir.resolve("k.txt").toString());
        assertEquals(ExitCodes.INVALID_INPUT, badKps.exitCode, badKps::toString);
    }

    @Test
    void ffmpegsOwnLogLinesAndJavacvHintsStayOut() throws IOException {
        byte[] noise = new byte[8192];
        new Random(3).nextBytes(noise);
        Path mp3 = Files.write(dir.resolve("noise.mp3"), noise);
        CliHarness r = CliHarness.run("preview", "--reference_image_path", demo.portrait().toString(), "--audio_path",
                mp3.toString(), "--output_path", dir.resolve("n.mp4").toString(), "--reference_kps", kps());
        assertEquals(ExitCodes.MEDIA, r.exitCode, r::toString);
        assertEquals(1, r.err.lines().filter(l -> l.startsWith("vexpress: error:")).count(), r::toString);
        assertFalse(r.err.contains("setFormat") || r.err.contains("FFmpegLogCallback"), r::toString);
        assertFalse(r.systemErr.contains("FFmpeg") || r.systemErr.contains("ERROR"), "no log lines: " + r);
        assertTrue(r.err.contains("invalid data found"), r::toString);
    }

    @Test
    void sdkMethodNamesBecomeFlags() {
        CliHarness cuda = run(generate(dir.resolve("c.mp4"), "--reference_kps", kps(), "--device", "cuda"));
        assertEquals(ExitCodes.INVALID_INPUT, cuda.exitCode, cuda::toString);
        assertTrue(cuda.err.contains("--device cpu or --device auto"), cuda::toString);
        assertFalse(cuda.err.contains("Device.cpu()"), cuda::toString);
        CliHarness noKps = run(generate(dir.resolve("k.mp4"), "--retarget_strategy", "offset_retarget"));
        assertTrue(noKps.err.contains("--kps_path") && noKps.err.contains("--retarget_strategy fix_face"), noKps::toString);
        assertFalse(noKps.err.contains("optKeypoints"), noKps::toString);
        CliHarness noBundle = run(List.of("generate", "--models", dir.resolve("none").toString(), "--reference_image_path",
                demo.portrait().toString(), "--audio_path", demo.speech().toString(), "-o", dir.resolve("b.mp4").toString()));
        assertEquals(ExitCodes.MODELS, noBundle.exitCode, noBundle::toString);
        assertTrue(noBundle.err.contains("--models tiny"), noBundle::toString);
    }

    private static GenerationOptions parse(String... flags) {
        GenerateCommand command = new GenerateCommand();
        List<String> args = new ArrayList<>(List.of("--reference_image_path", demo.portrait().toString(), "--audio_path",
                demo.speech().toString(), "--output_path", dir.resolve("parsed.mp4").toString()));
        args.addAll(List.of(flags));
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.options;
    }

    @Test
    void gpuIdPicksTheCudaDeviceAsInferencePyDoes() {
        assertEquals(Device.cpu(), parse().device());
        assertEquals(Device.cuda(2), parse("--gpu_id", "2").device());
        assertEquals(Device.cuda(1), parse("--device", "cuda", "--gpu_id", "1").device());
        assertEquals(Device.cpu(), parse("--device", "cpu", "--gpu_id", "1").device(), "inference.py ignores it off CUDA");
        CliHarness clash = run(generate(dir.resolve("g.mp4"), "--device", "cuda:1", "--gpu_id", "2", "--reference_kps", kps()));
        assertEquals(ExitCodes.USAGE, clash.exitCode, clash::toString);
    }

    @Test
    void insightfaceModelPathFindsDet10gWhereFaceAnalysisLooks() throws IOException {
        Path root = dir.resolve("insightface");
        Path det = Files.createDirectories(root.resolve("models/buffalo_l")).resolve("det_10g.onnx");
        Files.write(det, new byte[] {1});
        assertEquals(det, parse("--insightface_model_path", root.toString()).faceDetectorModel().orElseThrow());
        assertEquals(dir.resolve("given.onnx"), parse("--insightface_model_path", root.toString(), "--face_detector",
                dir.resolve("given.onnx").toString()).faceDetectorModel().orElseThrow(), "--face_detector wins");
        CliHarness missing = run(generate(dir.resolve("i.mp4"), "--insightface_model_path", dir.resolve("nothing").toString()));
        assertEquals(ExitCodes.INVALID_INPUT, missing.exitCode, missing::toString);
        assertTrue(missing.err.contains("models/buffalo_l/det_10g.onnx") && missing.err.contains("--face_detector"), missing::toString);
    }

    @Test
    void theAudioFlagsAreCheckedAgainstTheBundle() {
        CliHarness pad = run(generate(dir.resolve("p.mp4"), "--reference_kps", kps(), "--num_pad_audio_frames", "3"));
        assertEquals(ExitCodes.INVALID_INPUT, pad.exitCode, pad::toString);
        assertTrue(pad.err.contains("--num_pad_audio_frames 3 does not match the model bundle") && pad.err.contains("for 2"),
                pad::toString);
        CliHarness rate = run(generate(dir.resolve("r.mp4"), "--reference_kps", kps(), "--standard_audio_sampling_rate", "22050"));
        assertEquals(ExitCodes.INVALID_INPUT, rate.exitCode, rate::toString);
        assertTrue(rate.err.contains("16000 Hz"), rate::toString);
    }

    @Test
    void checkpointFlagsPointToTheExportToolAndOnlyInferencePysValuesOfTheStageFlagsRun() {
        CliHarness custom = run(generate(dir.resolve("c.mp4"), "--vae_path", "/data/my-vae/", "--reference_kps", kps()));
        assertEquals(ExitCodes.INVALID_INPUT, custom.exitCode, custom::toString);
        assertTrue(custom.err.contains("--vae_path names a PyTorch checkpoint") && custom.err.contains("tools/export")
                && custom.err.contains("export_bundle.py --vexpress_dir V-EXPRESS_DIR --vae_path /data/my-vae/"), custom::toString);
        InferencePyFlags standard = parse("--vae_path", "model_ckpts/sd-vae-ft-mse", "--motion_module_path",
                "./model_ckpts/v-express/motion_module.bin").inferencePy;
        standard.validate(); // inference.py's default layout: accepted
        assertEquals(List.of("--vae_path, --motion_module_path are ignored: the weights come from the model bundle (--models),"
                + " which tools/export makes from inference.py's checkpoints."), standard.warnings());
        CliHarness stage = run(generate(dir.resolve("s.mp4"), "--test_stage", "stage_1"));
        assertEquals(ExitCodes.USAGE, stage.exitCode, stage::toString);
        assertTrue(stage.err.contains("only stage_3"), stage::toString);
        CliHarness embeddings = run(generate(dir.resolve("e.mp4"), "--audio_embeddings_type", "local"));
        assertEquals(ExitCodes.USAGE, embeddings.exitCode, embeddings::toString);
        assertTrue(embeddings.err.contains("only") && embeddings.err.contains("global"), embeddings::toString);
    }

    @Test
    void inferencePyDefaultsTakeItsWeightsAndNoiseStream() {
        GenerationRequest plain = parse().toRequest();
        assertEquals(new AttentionWeights(1.0, 1.0), plain.attentionWeights());
        assertTrue(plain.noisePrecision().isEmpty());
        GenerationRequest reference = parse("--inference_py_defaults").toRequest();
        assertEquals(new AttentionWeights(0.95, 3.0), reference.attentionWeights());
        assertEquals(Precision.FP16, reference.noisePrecision().orElseThrow());
        GenerationRequest explicit = parse("--inference_py_defaults", "--dtype", "fp32", "--audio_attention_weight", "2").toRequest();
        assertEquals(new AttentionWeights(0.95, 2.0), explicit.attentionWeights());
        assertEquals(Precision.FP32, explicit.noisePrecision().orElseThrow());
    }

    @Test
    void theStrategyDefaultsToNoRetargetWithKeypoints() {
        assertEquals(RetargetStrategy.FIX_FACE, parse().toRequest().retargetStrategy());
        assertEquals(RetargetStrategy.NO_RETARGET, parse("--kps_path", demo.keypoints().toString()).toRequest().retargetStrategy());
    }

    @Test
    void helpTellsInferencePysDefaultsTruthfullyAndListsItsFlags() {
        CliHarness r = CliHarness.run("generate", "--help");
        assertEquals(0, r.exitCode, r::toString);
        String help = r.out.replaceAll("\\s+", ""); // picocli wraps the descriptions, even inside words
        for (String s : new String[] {"inference.py's own default: 0.95", "inference.py's own default: 3.0", "(inference.py: fp16)",
                "--inference_py_defaults", "--gpu_id", "--insightface_model_path", "--num_pad_audio_frames",
                "--standard_audio_sampling_rate", "--test_stage", "--audio_embeddings_type", "--audio_projection_path",
                "no_retarget with --kps_path, else fix_face", "'tiny'"}) {
            assertTrue(help.contains(s.replaceAll("\\s+", "")), s + " missing from help:\n" + r.out);
        }
    }

    @Test
    void theStandInBundleIsReachableByName() {
        CliHarness r = CliHarness.run("inspect-models", "--models", "tiny");
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.out.contains("denoising_unet"), r::toString);
    }
}
