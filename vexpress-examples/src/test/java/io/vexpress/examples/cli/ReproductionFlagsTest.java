package io.vexpress.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.examples.demo.ShortDemo;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.Services;
import io.vexpress.spi.VideoDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The flags that reproduce V-Express: --reference_compatible_retarget and the units of --reference_kps. */
class ReproductionFlagsTest {
    @TempDir
    static Path dir;
    static DemoAssets demo;

    @BeforeAll
    static void inputs() {
        demo = ShortDemo.create(dir.resolve("inputs"), 1.2);
    }

    private static List<String> inputs(String strategy, Path output) {
        return new ArrayList<>(List.of("--reference_image_path", demo.portrait().toString(),
                "--audio_path", demo.speech().toString(), "--kps_path", demo.keypoints().toString(),
                "--retarget_strategy", strategy, "--output_path", output.toString()));
    }

    private static GenerationOptions parse(List<String> args) {
        PreviewCommand command = new PreviewCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.options;
    }

    @Test
    void referenceCompatibleRetargetReachesTheRequest() {
        List<String> args = inputs("offset_retarget", dir.resolve("a.mp4"));
        assertFalse(parse(args).toRequest().referenceCompatibleRetarget(), "off by default, as the SDK");
        args.add("--reference_compatible_retarget");
        assertTrue(parse(args).toRequest().referenceCompatibleRetarget());
        List<String> kebab = inputs("offset_retarget", dir.resolve("a.mp4"));
        kebab.add("--reference-compatible-retarget");
        assertTrue(parse(kebab).toRequest().referenceCompatibleRetarget());
    }

    /**
     * --reference_kps is in pixels of the --width x --height frame, used unscaled: on a 256x384 video the fix_face
     * dots are exactly where the flag says (a 512x512 reading would put them at half the x and 2/3 of the y).
     */
    @Test
    void referenceKpsArePixelsOfTheWidthByHeightFrame() {
        Path out = dir.resolve("kps-units.mp4");
        List<String> args = inputs("fix_face", out);
        args.addAll(0, List.of("preview", "-q"));
        args.addAll(List.of("--width", "256", "--height", "384", "--reference_kps", "100,150,160,150,130,230"));
        CliHarness r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        RgbImage first;
        try (VideoDecoder.Reader video = Services.require(VideoDecoder.class, "vexpress-media").open(out)) {
            first = video.nextFrame();
        }
        assertEquals(384, first.height());
        assertColour(first, 100, 150, 0);
        assertColour(first, 160, 150, 1);
        assertColour(first, 130, 230, 2);

        String help = CliHarness.run("generate", "--help").out.replaceAll("\\s+", " ");
        assertTrue(help.contains("in pixels of the video frame, i.e. of the reference image resized to --width x --height"), help);
        assertTrue(help.contains("--reference_compatible_retarget"), help);
    }

    /** The V-Kps dot colours: left eye red (0), right eye green (1), nose blue (2). */
    private static void assertColour(RgbImage img, int x, int y, int channel) {
        for (int c = 0; c < 3; c++) {
            int v = img.channel(x, y, c);
            assertTrue(c == channel ? v > 150 : v < 110, "channel " + c + " at " + x + "," + y + ": " + v);
        }
    }
}
