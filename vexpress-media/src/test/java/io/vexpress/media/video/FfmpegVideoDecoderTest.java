package io.vexpress.media.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vexpress.MediaException;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.audio.FfmpegAudioDecoder;
import io.vexpress.media.FrameSink;
import io.vexpress.spi.VideoDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads MP4/MOV/WebM fixtures (tools/goldens/video_decode.py) and extracts their audio. */
class FfmpegVideoDecoderTest {
    private static final String DIR = "/golden/video_decode/";
    private final FfmpegVideoDecoder decoder = new FfmpegVideoDecoder();

    @TempDir
    Path tmp;

    static List<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = FfmpegVideoDecoderTest.class.getResourceAsStream(DIR + "cases.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    String[] f = line.trim().split(" ");
                    out.add(Arguments.of(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]),
                            Integer.parseInt(f[4]), Double.parseDouble(f[5])));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsFramesRateAndCount(String name, int width, int height, double fps, int frames, double audioSeconds) throws IOException {
        Path file = copy(name);
        try (VideoDecoder.Reader reader = decoder.open(file)) {
            assertEquals(fps, reader.fps(), 1e-6);
            if (reader.frameCount() >= 0) {
                assertEquals(frames, reader.frameCount());
            }
            int n = 0;
            for (RgbImage f; (f = reader.nextFrame()) != null; n++) {
                assertEquals(width, f.width());
                assertEquals(height, f.height());
            }
            assertEquals(frames, n);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void extractsAudioToWavLikeFfmpeg(String name, int width, int height, double fps, int frames, double audioSeconds) throws IOException {
        Path file = copy(name);
        Path wav = tmp.resolve(name + ".wav");
        try (VideoDecoder.Reader reader = decoder.open(file)) {
            reader.nextFrame(); // extraction is independent of the frame position
            reader.extractAudio(wav);
            assertNotNull(reader.nextFrame());
        }
        PcmAudio audio = new FfmpegAudioDecoder().decode(wav);
        assertEquals(audioSeconds, audio.durationSeconds(), 1.0 / audio.sampleRate(), "as many samples as the ffmpeg CLI decodes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"m4a", "mp3", "flac", "ogg", "opus"})
    void extractsAudioToOtherFormats(String ext) throws IOException {
        Path file = copy("clip.mov");
        Path target = tmp.resolve("audio." + ext);
        try (VideoDecoder.Reader reader = decoder.open(file)) {
            reader.extractAudio(target);
        }
        PcmAudio audio = new FfmpegAudioDecoder().decode(target);
        // Lossy codecs add priming/padding: within 0.1 s of the 1.2 s source.
        assertEquals(1.2, audio.durationSeconds(), 0.1, ext);
    }

    @Test
    void extractionFailuresLeaveNoFile() throws IOException {
        Path silent = tmp.resolve("silent.mp4");
        try (FrameSink sink = new Mp4Output(silent).open(VideoFormat.silent(32, 24, 10, 2))) {
            TestVideos.writeAll(sink, 2, 32, 24);
            sink.commit();
        }
        Path wav = tmp.resolve("none.wav");
        try (VideoDecoder.Reader reader = decoder.open(silent)) {
            MediaException e = assertThrows(MediaException.class, () -> reader.extractAudio(wav));
            assertTrue(e.getMessage().contains("no audio"), e.getMessage());
            // a name without an audio extension is the caller's mistake, found before any decoding
            assertThrows(io.vexpress.InvalidInputException.class, () -> reader.extractAudio(tmp.resolve("x.txt")));
        }
        assertFalse(Files.exists(wav));
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
    }

    @Test
    void rotatedVideoIsTurnedUprightLikeTheFfmpegCommandLine() throws IOException {
        byte[] expected;
        try (InputStream in = getClass().getResourceAsStream(DIR + "rotated_first.rgb")) {
            expected = in.readAllBytes();
        }
        try (VideoDecoder.Reader reader = decoder.open(copy("rotated.mp4"))) {
            RgbImage first = reader.nextFrame();
            assertEquals(24, first.width());
            assertEquals(32, first.height());
            // Identical today (0.0); the other 90-degree turn is off by ~190. Slack for swscale changes only.
            assertTrue(TestVideos.meanDifference(RgbImage.of(24, 32, expected), first) < 1,
                    "mean difference " + TestVideos.meanDifference(RgbImage.of(24, 32, expected), first));
        }
    }

    @Test
    void missingAndNonVideoFilesAreRefused() throws IOException {
        assertThrows(MediaException.class, () -> decoder.open(tmp.resolve("missing.mp4")));
        Path text = Files.writeString(tmp.resolve("fake.mp4"), "not a video");
        assertThrows(MediaException.class, () -> decoder.open(text));
    }

    @Test
    void readsSampleGroundTruthVideo() {
        String root = System.getProperty("vexpress.shared.samples", "");
        Path gt = Path.of(root, "AOC", "gt.mp4");
        assumeTrue(!root.isEmpty() && Files.isRegularFile(gt), "V-Express samples not available");
        try (VideoDecoder.Reader reader = decoder.open(gt)) {
            RgbImage first = reader.nextFrame();
            assertEquals(512, first.width());
            assertTrue(reader.fps() > 0);
        }
    }

    private Path copy(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(DIR + name)) {
            Path p = tmp.resolve(name);
            Files.copy(in, p);
            return p;
        }
    }
}
