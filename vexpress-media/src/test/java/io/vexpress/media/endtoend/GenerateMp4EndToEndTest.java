package io.vexpress.media.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.CancellationToken;
import io.vexpress.GenerationCancelledException;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.RetargetStrategy;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.video.FfmpegVideoDecoder;
import io.vexpress.progress.ProgressEvent;
import io.vexpress.spi.VideoDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product path: files in (PNG portrait, 22.05 kHz stereo WAV), vexpress-core's engine on the tiny
 * contract bundle, an MP4 with H.264 and AAC out, through the public API only.
 */
class GenerateMp4EndToEndTest {
    private static final Path TINY_BUNDLE = Path.of(System.getProperty("basedir", "."))
            .resolve("../vexpress-core/src/test/resources/tiny-bundle").normalize();
    private static TalkingHeadGenerator generator;

    @BeforeAll
    static void open() {
        generator = TalkingHeadGenerator.builder().setModelBundle(TINY_BUNDLE).optIntraOpThreads(2).build();
    }

    @AfterAll
    static void close() {
        if (generator != null) {
            generator.close();
        }
    }

    private static GenerationRequest.Builder request(Path folder, Path output) throws IOException {
        BufferedImage img = new BufferedImage(90, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 90; x++) {
                img.setRGB(x, y, ((x * 3) & 0xFF) << 16 | ((y * 2) & 0xFF) << 8 | ((x + y) & 0xFF));
            }
        }
        Path png = folder.resolve("ref.png");
        ImageIO.write(img, "png", png.toFile());
        int rate = 22050;
        int samples = (int) (0.56 * rate);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            short v = (short) (8000 * Math.sin(2 * Math.PI * 220 * i / rate));
            pcm.putShort(v).putShort((short) (v / 2));
        }
        Path wav = folder.resolve("aud.wav");
        AudioFormat format = new AudioFormat(rate, 16, 2, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, samples)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, wav.toFile());
        }
        return GenerationRequest.builder()
                .setReferenceImage(png)
                .setAudio(wav)
                .setOutput(output)
                .optRetargetStrategy(RetargetStrategy.FIX_FACE)
                .optReferenceKeypoints(new FaceKeypoints(21, 26, 43, 25, 32, 38))
                .optWidth(64).optHeight(64).optFps(25).optSteps(2)
                .optContextFrames(8).optContextOverlap(2);
    }

    @Test
    void writesAPlayableMp4WithTheExactFrameCount(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out.mp4");
        GenerationResult result = generator.generate(request(tmp, out).build());
        assertEquals(14, result.frameCount());
        assertEquals(out, result.outputPath().orElseThrow());
        assertTrue(Files.size(out) > 0);
        VideoDecoder decoder = new FfmpegVideoDecoder();
        int frames = 0;
        try (VideoDecoder.Reader reader = decoder.open(out)) {
            assertEquals(result.fps(), reader.fps(), 0.05);
            while (reader.nextFrame() != null) {
                frames++;
            }
            reader.extractAudio(tmp.resolve("back.wav"));
        }
        assertEquals(14, frames);
        assertTrue(Files.size(tmp.resolve("back.wav")) > 44, "the MP4 carries the audio");
    }

    @Test
    void anUnwritableOutputFailsInUnderASecondWithNothingComputed(@TempDir Path tmp) throws IOException {
        Path folder = io.vexpress.media.files.UnwritableFolder.in(tmp);
        GenerationRequest request = request(tmp, folder.resolve("out.mp4")).build();
        java.util.List<io.vexpress.progress.ProgressEvent> events = new java.util.ArrayList<>();
        long start = System.nanoTime();
        io.vexpress.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(io.vexpress.InvalidInputException.class,
                () -> generator.generate(request, events::add, new io.vexpress.CancellationToken()));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 1, "failed after " + seconds + " s");
        assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        assertTrue(events.stream().noneMatch(ev -> ev instanceof io.vexpress.progress.ProgressEvent.StageStarted),
                "nothing was computed: " + events);
    }

    @Test
    void anOutputNamedForAnotherContainerIsWrittenInIt(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out.mkv");
        generator.generate(request(tmp, out).build());
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(out.toFile())) {
            g.start();
            assertTrue(g.getFormat().contains("matroska"), g.getFormat());
        }
    }

    @Test
    void realSampleFilesGoThroughTheWholePipeline(@TempDir Path tmp) throws IOException {
        Path sample = Path.of(System.getProperty("vexpress.shared.samples", "../shared/samples")).resolve("AOC");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(sample.resolve("kps.pth")),
                "V-Express samples not available at " + sample);
        Path out = tmp.resolve("aoc.mp4");
        // a smoke test of the real file formats (JPEG, MP3, kps.pth) through the engine into an MP4; 128x128 and
        // one step keep it quick (the keypoints, in 512x512 pixels, then partly fall off the canvas)
        GenerationResult result = generator.generate(GenerationRequest.builder()
                .setReferenceImage(sample.resolve("ref.jpg"))
                .setAudio(sample.resolve("aud.mp3"))
                .optKeypoints(sample.resolve("kps.pth"))
                .optRetargetStrategy(RetargetStrategy.NO_RETARGET)
                .setOutput(out)
                .optWidth(128).optHeight(128).optSteps(1)
                .build());
        assertTrue(result.frameCount() > 24, "frames: " + result.frameCount());
        int frames = 0;
        try (VideoDecoder.Reader reader = new FfmpegVideoDecoder().open(out)) {
            while (reader.nextFrame() != null) {
                frames++;
            }
        }
        assertEquals(result.frameCount(), frames);
    }

    @Test
    void cancellingLeavesNoFileBehind(@TempDir Path tmp) throws IOException {
        Path work = Files.createDirectory(tmp.resolve("in"));
        Path outDir = Files.createDirectory(tmp.resolve("out"));
        GenerationRequest req = request(work, outDir.resolve("out.mp4")).build();
        CancellationToken token = new CancellationToken();
        assertThrows(GenerationCancelledException.class, () -> generator.generate(req, e -> {
            if (e instanceof ProgressEvent.FramesEncoded f && f.frames() == 5) {
                token.cancel();
            }
        }, token));
        try (Stream<Path> left = Files.list(outDir)) {
            assertFalse(left.findAny().isPresent(), "no output or temporary file is left");
        }
    }
}
