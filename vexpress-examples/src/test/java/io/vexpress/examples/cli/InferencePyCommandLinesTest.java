package io.vexpress.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.examples.demo.ShortDemo;
import io.vexpress.spi.Services;
import io.vexpress.spi.VideoDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V-Express's own command lines run unchanged: every {@code python inference.py ...} of its README, and one with every
 * flag of inference.py, run as {@code vexpress generate ...} in a child JVM whose working folder holds the README's
 * {@code ./test_samples/...} paths (made from the demo's inputs with 0.1 s of speech: three frames keep 25 steps at 512x512 short) and whose {@code VEXPRESS_MODELS} is
 * {@code tiny}. Each must exit 0 and write its video.
 */
class InferencePyCommandLinesTest {
    static final String COMMANDS = "io/vexpress/examples/cli/vexpress-readme-commands.sh";

    @TempDir
    Path dir;

    /** The command lines of the file: comments dropped, continuation lines joined, words split as a shell would. */
    static List<List<String>> commandLines(String script) {
        List<List<String>> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : (script + "\n\n").split("\n")) {
            String t = line.strip();
            if (t.startsWith("#")) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            if (!current.toString().isBlank()) {
                commands.add(words(current.toString()));
            }
            current.setLength(0);
        }
        return commands;
    }

    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out;
    }

    @Test
    void theReadmesScenarioCommandsAndOneWithEveryFlagRunUnchanged() throws Exception {
        String script;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(COMMANDS)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<List<String>> commands = commandLines(script);
        assertEquals(7, commands.size(), commands::toString);
        DemoAssets demo = ShortDemo.create(dir.resolve("demo"), 0.1);
        BufferedImage portrait = ImageIO.read(demo.portrait().toFile());
        for (String person : List.of("short_case/AOC", "short_case/tys", "short_case/10", "emo/talk_emotion")) {
            Path folder = Files.createDirectories(dir.resolve("test_samples").resolve(person));
            ImageIO.write(portrait, "jpg", folder.resolve("ref.jpg").toFile());
            // the demo's WAV under the README's names: FFmpeg reads files by their content
            Files.copy(demo.speech(), folder.resolve("aud.mp3"));
            Files.copy(demo.keypoints(), folder.resolve("kps.pth"));
        }
        Path aoc = dir.resolve("test_samples/short_case/AOC");
        Files.copy(demo.speech(), aoc.resolve("v_exprss_intro_chattts.mp3"));
        Files.copy(demo.keypoints(), aoc.resolve("AOC_raw_kps.pth"));

        List<String> outputs = new ArrayList<>();
        StringBuilder args = new StringBuilder();
        for (List<String> command : commands) {
            assertEquals(List.of("python", "inference.py"), command.subList(0, 2));
            outputs.add(command.get(command.indexOf("--output_path") + 1));
            args.append(String.join("\u0001", command.subList(2, command.size()))).append('\n');
        }
        Path lines = Files.writeString(dir.resolve("args.txt"), args.toString());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunGenerate.class.getName(), lines.toString())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("VEXPRESS_MODELS", "tiny");
        Process child = pb.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(600, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        List<String> exits = out.lines().filter(l -> l.startsWith("EXIT ")).toList();
        assertEquals(commands.size(), exits.size(), out);
        for (int i = 0; i < commands.size(); i++) {
            assertEquals("EXIT 0", exits.get(i), "command " + (i + 1) + " " + commands.get(i) + ":\n" + out);
            Path video = dir.resolve(outputs.get(i));
            int frames = 0;
            try (VideoDecoder.Reader reader = Services.require(VideoDecoder.class, "vexpress-media").open(video)) {
                while (reader.nextFrame() != null) {
                    frames++;
                }
            }
            assertEquals(3, frames, video::toString);
        }
        assertTrue(out.contains("--unet_config_path, --vae_path") && out.contains("are ignored"),
                "the checkpoint flags say they are ignored: " + out);
        assertTrue(!out.contains("FFmpegLogCallback") && !out.contains("ERROR"), out);
    }

    /** Child JVM: runs {@code vexpress generate} once per line of {@code args[0]} (words separated by U+0001). */
    public static final class RunGenerate {
        public static void main(String[] args) throws IOException {
            for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
                List<String> command = new ArrayList<>(List.of("generate"));
                command.addAll(List.of(line.split("\u0001")));
                StringWriter err = new StringWriter();
                int code = VExpressCommand.run(command.toArray(String[]::new), new PrintWriter(System.out, true),
                        new PrintWriter(err, true));
                System.out.print(err);
                System.out.println("EXIT " + code);
            }
        }
    }
}
