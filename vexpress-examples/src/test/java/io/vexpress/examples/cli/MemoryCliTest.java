package io.vexpress.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.examples.demo.DemoPortrait;
import io.vexpress.examples.demo.ShortDemo;
import io.vexpress.keypoints.FaceKeypoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Out of memory on the command line: exit code 6 and one line that names what to change in the tool's and the
 * java command's words; and JavaCPP's resident-memory guard no longer refuses FFmpeg memory that others hold.
 * Each case is `vexpress generate` on the tiny bundle in a child JVM with small limits.
 */
class MemoryCliTest {
    @TempDir
    static Path dir;
    static DemoAssets inputs;

    @BeforeAll
    static void inputs() {
        inputs = ShortDemo.create(dir.resolve("inputs"), 0.2);
    }

    private static List<String> generate(Path output, int size) {
        FaceKeypoints k = DemoPortrait.KEYPOINTS;
        return new ArrayList<>(List.of("generate", "--models", inputs.bundle().toString(),
                "--reference_image_path", inputs.portrait().toString(), "--audio_path", inputs.speech().toString(),
                "--retarget_strategy", "fix_face", "--output_path", output.toString(), "--num_inference_steps", "1",
                "--width", Integer.toString(size), "--height", Integer.toString(size),
                "--reference_kps", k.leftEyeX() + "," + k.leftEyeY() + "," + k.rightEyeX() + "," + k.rightEyeY() + ","
                        + k.noseX() + "," + k.noseY()));
    }

    @Test
    @EnabledOnOs(OS.LINUX) // JavaCPP's guard reads /proc/self/statm
    void javaCppNoLongerRefusesTheEncoderMemoryThatOthersHold() throws Exception {
        // -Xmx64m puts JavaCPP's default limit at 4 x 64 MB = 256 MB; 400 MB are held outside JavaCPP
        Path video = dir.resolve("held.mp4");
        List<String> args = generate(video, 64);
        args.add(0, "400");
        String out = run(List.of("-Xmx64m", "-XX:MaxDirectMemorySize=1g"), args);
        assertTrue(out.contains("EXIT 0"), out);
        assertTrue(Files.size(video) > 0, out);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aLimitTheUserSetStillAppliesAndEndsAsOneMemoryLine() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("javacpp"));
        Path video = folder.resolve("refused.mp4");
        List<String> args = generate(video, 64);
        args.add(0, "400");
        String out = run(List.of("-Xmx64m", "-XX:MaxDirectMemorySize=1g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=300m"), args);
        assertTrue(out.contains("EXIT 6"), out);
        List<String> err = errLines(out);
        assertEquals(1, err.size(), out);
        assertTrue(err.get(0).startsWith("vexpress: error: not enough memory: JavaCPP refused FFmpeg a native allocation"), out);
        assertTrue(err.get(0).contains("(java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -jar vexpress.jar)"), out);
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of(), left.toList(), "no output and no temporary file left");
        }
    }

    @Test
    void anEstimateAboveMaxDirectMemorySizeExitsWith6BeforeAnyModelRuns() throws Exception {
        Path video = dir.resolve("direct.mp4");
        List<String> args = generate(video, 512);
        args.add(1, "--json");
        args.add(0, "0");
        String out = run(List.of("-XX:MaxDirectMemorySize=24m"), args);
        assertTrue(out.contains("EXIT 6"), out);
        List<String> err = errLines(out);
        assertEquals(1, err.size(), out);
        assertTrue(err.get(0).startsWith("vexpress: error: not enough memory: This generation needs about"), out);
        assertTrue(err.get(0).contains("java -XX:MaxDirectMemorySize=") && err.get(0).contains("--width/--height"), out);
        assertTrue(out.contains("\"error\":\"memory\"") && out.contains("\"exit_code\":6"), out);
        assertFalse(out.contains("\"stage\":\"reference\""), "no model ran: " + out);
        assertFalse(Files.exists(video));
    }

    private static List<String> errLines(String out) {
        List<String> err = out.lines().filter(l -> l.startsWith("ERR>")).map(l -> l.substring(4)).toList();
        assertTrue(err.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), "no stack trace: " + out);
        return err.stream().filter(l -> l.startsWith("vexpress: ")).toList();
    }

    private static String run(List<String> jvm, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CliWithNativeMemoryHeld.class.getName());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
