package io.vexpress.media.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.InvalidInputException;
import io.vexpress.media.FrameSink;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.audio.FfmpegAudioDecoder;
import io.vexpress.spi.Services;
import io.vexpress.spi.VideoDecoder;
import io.vexpress.spi.VideoEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Writes MP4 files and checks them with the decoders: frame count, size, fps, codec/profile, audio duration. */
class Mp4OutputTest {
    private static final int W = 64;
    private static final int H = 48;

    @TempDir
    Path tmp;

    @Test
    void framesAboveOpenH264sLimitAreRefusedBeforeFFmpegIsAsked() {
        org.junit.jupiter.api.Assumptions.assumeTrue(H264Encoder.select() == H264Encoder.LIBOPENH264, "LGPL natives");
        Path file = tmp.resolve("huge.mp4");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Mp4Output(file).open(VideoFormat.silent(4000, 3000, 25, 1)));
        assertTrue(e.getMessage().contains("-Pgpl"), e.getMessage());
        assertFalse(Files.exists(file));
        // the limit counts whole macroblocks: 3546x2660 pads to 3552x2672, above 9,437,184; 3536x2656 fits
        assertFalse(H264Encoder.LIBOPENH264.fits(3546, 2660));
        assertTrue(H264Encoder.LIBOPENH264.fits(3536, 2656));
        assertTrue(H264Encoder.LIBOPENH264.fits(4096, 2304));
        assertEquals(9_437_184L, Services.require(VideoEncoder.class, "vexpress-media").maxFramePixels());
    }

    @Test
    void writesH264WithPcmAudioAtFractionalFps() throws Exception {
        int frames = 30;
        double fps = 30 / 1.2337; // a V-Express-like fractional rate: frames / audio seconds
        int rate = 16000;
        float[] tone = new float[(int) Math.round(1.2337 * rate)];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.4 * Math.sin(2 * Math.PI * 300 * i / rate));
        }
        Path out = tmp.resolve("pcm.mp4");
        VideoFormat format = new VideoFormat(W, H, fps, frames, Optional.empty(), Optional.of(PcmAudio.mono(tone, rate)));
        try (FrameSink sink = new Mp4Output(out).open(format)) {
            TestVideos.writeAll(sink, frames, W, H);
            sink.commit();
        }
        checkVideo(out, frames, fps);
        assertEquals(frames / fps, audioStreamSeconds(out), 1 / fps, "audio lasts as long as the video, within a frame");
        // Decoders do not cut the last AAC frame's padding (the ffmpeg CLI neither): up to 1024 samples more.
        PcmAudio audio = new FfmpegAudioDecoder().decode(out);
        assertEquals(frames / fps, audio.durationSeconds(), 1 / fps + 1024.0 / rate);
        assertNoLeftovers(out);
    }

    @Test
    void longerAudioFileIsTrimmedToTheVideoLikeShortest() throws Exception {
        Path mp3 = tmp.resolve("tone.mp3");
        try (InputStream in = getClass().getResourceAsStream("/golden/audio_decode/tone_44100_stereo.mp3")) {
            Files.copy(in, mp3);
        }
        int frames = 20;
        double fps = 25;
        Path out = tmp.resolve("file.mp4");
        VideoFormat format = new VideoFormat(W, H, fps, frames, Optional.of(mp3), Optional.empty());
        try (FrameSink sink = Services.require(VideoEncoder.class, "vexpress-media").open(out, format)) {
            TestVideos.writeAll(sink, frames, W, H);
            sink.commit();
        }
        checkVideo(out, frames, fps);
        PcmAudio audio = new FfmpegAudioDecoder().decode(out);
        assertEquals(44100, audio.sampleRate());
        assertEquals(2, audio.channels());
        assertEquals(frames / fps, audioStreamSeconds(out), 1 / fps, "1.2 s of audio cut to the 0.8 s video");
        assertEquals(frames / fps, audio.durationSeconds(), 1 / fps + 1024.0 / 44100);
    }

    @Test
    void shorterAudioKeepsEveryVideoFrame() throws Exception {
        int rate = 22050;
        float[] tone = new float[rate / 2]; // 0.5 s of audio under a 1.0 s video
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 500 * i / rate));
        }
        Path out = tmp.resolve("short_audio.mp4");
        VideoFormat format = new VideoFormat(W, H, 20, 20, Optional.empty(), Optional.of(PcmAudio.mono(tone, rate)));
        try (FrameSink sink = new Mp4Output(out).open(format)) {
            TestVideos.writeAll(sink, 20, W, H);
            sink.commit();
        }
        checkVideo(out, 20, 20);
        assertEquals(0.5, audioStreamSeconds(out), 1 / 20.0);
    }

    @ParameterizedTest
    @CsvSource({"512,512", "98,130", "16,16"})
    void writesAnyEvenSize(int width, int height) throws Exception {
        Path out = tmp.resolve("size.mp4");
        try (FrameSink sink = new Mp4Output(out).open(VideoFormat.silent(width, height, 25, 2))) {
            sink.write(TestVideos.frame(0, width, height));
            sink.write(TestVideos.frame(1, width, height));
            sink.commit();
        }
        try (VideoDecoder.Reader reader = new FfmpegVideoDecoder().open(out)) {
            RgbImage first = reader.nextFrame();
            assertEquals(width, first.width());
            assertEquals(height, first.height());
            assertNotNull(reader.nextFrame());
            assertNull(reader.nextFrame());
        }
    }

    @Test
    void qualitySettingChangesTheBitrate() throws Exception {
        long[] sizes = new long[2];
        int[] qualities = {10, 40};
        for (int q = 0; q < 2; q++) {
            Path out = tmp.resolve("q" + qualities[q] + ".mp4");
            try (FrameSink sink = new Mp4Output(out).withQuality(qualities[q]).open(VideoFormat.silent(128, 96, 25, 25))) {
                java.util.Random noise = new java.util.Random(1);
                for (int i = 0; i < 25; i++) {
                    byte[] rgb = TestVideos.frame(i, 128, 96).toRgbBytes();
                    for (int k = 0; k < rgb.length; k += 7) {
                        rgb[k] = (byte) noise.nextInt(256); // detail that costs bits
                    }
                    sink.write(RgbImage.of(128, 96, rgb));
                }
                sink.commit();
            }
            sizes[q] = Files.size(out);
        }
        assertTrue(sizes[0] > 1.5 * sizes[1], "quality 10 gives " + sizes[0] + " bytes, quality 40 " + sizes[1]);
    }

    @Test
    void silentVideoHasNoAudioStream() throws Exception {
        Path out = tmp.resolve("silent.mp4");
        try (FrameSink sink = new Mp4Output(out).withQuality(30).open(VideoFormat.silent(W, H, 12.5, 5))) {
            TestVideos.writeAll(sink, 5, W, H);
            sink.commit();
        }
        checkVideo(out, 5, 12.5);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            assertFalse(g.hasAudio());
        }
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws IOException {
        Path out = tmp.resolve("aborted.mp4");
        try (FrameSink sink = new Mp4Output(out).open(VideoFormat.silent(W, H, 25, 10))) {
            TestVideos.writeAll(sink, 3, W, H);
        }
        assertFalse(Files.exists(out));
        assertNoLeftovers(out);
    }

    @Test
    void commitReplacesAnExistingFileAndFailureKeepsIt() throws Exception {
        Path out = tmp.resolve("existing.mp4");
        Files.writeString(out, "old");
        try (FrameSink sink = new Mp4Output(out).open(VideoFormat.silent(W, H, 25, 10))) {
            TestVideos.writeAll(sink, 2, W, H);
            // no commit: the old file must survive untouched
        }
        assertEquals("old", Files.readString(out));
        try (FrameSink sink = new Mp4Output(out).open(VideoFormat.silent(W, H, 25, 2))) {
            TestVideos.writeAll(sink, 2, W, H);
            sink.commit();
        }
        checkVideo(out, 2, 25);
    }

    @Test
    void rejectsOddSizesAndWrongFrames() throws IOException {
        Path out = tmp.resolve("odd.mp4");
        assertThrows(InvalidInputException.class, () -> new Mp4Output(out).open(VideoFormat.silent(63, 48, 25, 1)));
        assertThrows(InvalidInputException.class, () -> new Mp4Output(out).withQuality(52));
        if (H264Encoder.select() == H264Encoder.LIBOPENH264) {
            assertThrows(InvalidInputException.class, () -> new Mp4Output(out).open(VideoFormat.silent(14, 64, 25, 1)));
        }
        try (FrameSink sink = new Mp4Output(out).open(VideoFormat.silent(W, H, 25, 1))) {
            assertThrows(InvalidInputException.class, () -> sink.write(RgbImage.black(32, 32)));
        }
        assertNoLeftovers(out);
    }

    /** Decodes the file: frame count, size, rate, H.264 with the profile of the selected encoder, pixels close. */
    private static void checkVideo(Path file, int frames, double fps) throws Exception {
        VideoDecoder decoder = Services.require(VideoDecoder.class, "vexpress-media");
        try (VideoDecoder.Reader reader = decoder.open(file)) {
            assertEquals(fps, reader.fps(), fps * 1e-4, "frame rate");
            int n = 0;
            for (RgbImage frame; (frame = reader.nextFrame()) != null; n++) {
                assertEquals(W, frame.width());
                assertEquals(H, frame.height());
                double diff = TestVideos.meanDifference(TestVideos.frame(n, W, H), frame);
                assertTrue(diff < 12, "frame " + n + " differs by " + diff + " on average");
            }
            assertEquals(frames, n, "decoded frames");
            if (reader.frameCount() >= 0) {
                assertEquals(frames, reader.frameCount(), "frames the container declares");
            }
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            assertEquals("h264", g.getVideoCodecName() == null ? "h264" : g.getVideoCodecName());
            AVCodecParameters par = g.getFormatContext().streams(g.getVideoStream()).codecpar();
            assertEquals(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264, par.codec_id());
            assertEquals(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P, par.format());
            int expectedProfile = H264Encoder.select() == H264Encoder.LIBX264 ? 100 : 66;
            assertEquals(expectedProfile, par.profile() & 0xFF, "H.264 profile (66 baseline, 100 high)");
        }
    }

    /** The audio stream's duration as the container declares it (edit list applied), in seconds. */
    private static double audioStreamSeconds(Path file) throws Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            AVStream s = g.getFormatContext().streams(g.getAudioStream());
            return s.duration() * s.time_base().num() / (double) s.time_base().den();
        }
    }

    private static void assertNoLeftovers(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target.toAbsolutePath().getParent())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "temporary files left behind");
        }
    }

    @Test
    void readerReturnsNullAtTheEnd() throws Exception {
        Path out = tmp.resolve("two.mp4");
        try (FrameSink sink = new Mp4Output(out).open(VideoFormat.silent(W, H, 25, 2))) {
            TestVideos.writeAll(sink, 2, W, H);
            sink.commit();
        }
        try (VideoDecoder.Reader r = new FfmpegVideoDecoder().open(out)) {
            r.nextFrame();
            r.nextFrame();
            assertNull(r.nextFrame());
        }
    }
}
