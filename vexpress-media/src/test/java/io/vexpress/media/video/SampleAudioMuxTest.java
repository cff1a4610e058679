package io.vexpress.media.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vexpress.core.audio.ModelAudio;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.audio.FfmpegAudioDecoder;
import io.vexpress.spi.VideoDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The V-Express sample audio muxed the way the pipeline will: frame count and fractional fps derived as in
 * inference.py (fps 30, context 12, overlap 4), audio from the mp3 file. Skips without ../shared/samples.
 */
class SampleAudioMuxTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"AOC", "tys", "10"})
    void sampleAudioIsMuxedToTheDerivedFrameRate(String sample) throws Exception {
        String root = System.getProperty("vexpress.shared.samples", "");
        Path audioFile = Path.of(root, sample, "aud.mp3");
        assumeTrue(!root.isEmpty() && Files.isRegularFile(audioFile), "V-Express samples not available");
        float[] waveform = ModelAudio.monoAt(new FfmpegAudioDecoder().decode(audioFile), 16000);
        double duration = waveform.length / 16000.0;
        int initLength = (int) (duration * 30);
        long contexts = Math.round((initLength + 4) / 12.0);
        int frames = (int) (contexts * 12 - 4);
        double fps = frames / duration;

        Path out = tmp.resolve(sample + ".mp4");
        VideoFormat format = new VideoFormat(32, 32, fps, frames, Optional.of(audioFile), Optional.empty());
        try (FrameSink sink = new Mp4Output(out).open(format)) {
            TestVideos.writeAll(sink, frames, 32, 32);
            sink.commit();
        }
        try (VideoDecoder.Reader reader = new FfmpegVideoDecoder().open(out)) {
            assertEquals(fps, reader.fps(), fps * 1e-5, "fractional fps kept");
            int n = 0;
            for (RgbImage f; (f = reader.nextFrame()) != null; ) {
                n++;
            }
            assertEquals(frames, n);
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            AVStream a = g.getFormatContext().streams(g.getAudioStream());
            double audioSeconds = a.duration() * a.time_base().num() / (double) a.time_base().den();
            assertEquals(frames / fps, audioSeconds, 1 / fps, "audio as long as the video within a frame");
        }
    }
}
