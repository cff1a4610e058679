package io.vexpress.media.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vexpress.MediaException;
import io.vexpress.media.PcmAudio;
import io.vexpress.spi.AudioDecoder;
import io.vexpress.spi.Services;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Compares with the ffmpeg 5.1 command line's f32le decode (fixtures from tools/goldens/audio_decode.py). */
class FfmpegAudioDecoderTest {
    private static final String DIR = "/golden/audio_decode/";
    private final FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();

    @TempDir
    Path tmp;

    static List<Arguments> cases() throws IOException {
        return lines("cases.txt");
    }

    static List<Arguments> samples() throws IOException {
        return lines("samples.txt");
    }

    private static List<Arguments> lines(String file) throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : new String(resource(file), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(Arguments.of(line.trim().split(" ")[0], line.trim()));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesFfmpegCommandLine(String name, String line) throws IOException {
        check(decoder.decode(copy(name)), line);
    }

    /** The V-Express samples' aud.mp3 (skipped when ../shared/samples is absent). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void samplesMatchFfmpegCommandLine(String name, String line) {
        String root = System.getProperty("vexpress.shared.samples", "");
        Path file = Path.of(root, name);
        assumeTrue(!root.isEmpty() && Files.isRegularFile(file), "V-Express samples not available: " + file);
        check(decoder.decode(file), line);
    }

    private static void check(PcmAudio audio, String line) {
        String[] f = line.split(" ");
        assertEquals(Integer.parseInt(f[1]), audio.sampleRate(), "rate");
        assertEquals(Integer.parseInt(f[2]), audio.channels(), "channels");
        assertEquals(Integer.parseInt(f[3]), audio.frameCount(), "samples per channel, as the ffmpeg CLI decodes");
        assertEquals((double) audio.frameCount() / audio.sampleRate(), audio.durationSeconds(), 0.0);
        float[] x = audio.toInterleavedArray();
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        assertEquals(Double.parseDouble(f[4]), Math.sqrt(sum / x.length), 1e-6, "rms");
        for (int i = 5; i < f.length; i++) {
            String[] p = f[i].split(":");
            assertEquals(Float.parseFloat(p[1]), x[Integer.parseInt(p[0])], 1e-6f, "sample " + p[0]);
        }
    }

    @Test
    void silentAudioIsRefused() throws IOException {
        MediaException e = assertThrows(MediaException.class, () -> decoder.decode(copy("silent.wav")));
        assertTrue(e.getMessage().contains("silent"), e.getMessage());
    }

    @Test
    void videoWithoutAudioIsRefused() throws IOException {
        MediaException e = assertThrows(MediaException.class, () -> decoder.decode(copy("video_only.mp4")));
        assertTrue(e.getMessage().contains("no audio"), e.getMessage());
    }

    @Test
    void emptyMissingAndGarbageFilesAreRefused() throws IOException {
        Path empty = Files.write(tmp.resolve("empty.mp3"), new byte[0]);
        assertTrue(assertThrows(MediaException.class, () -> decoder.decode(empty)).getMessage().contains("empty"));
        assertThrows(MediaException.class, () -> decoder.decode(tmp.resolve("missing.wav")));
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        Path garbage = Files.write(tmp.resolve("garbage.mp3"), noise);
        assertThrows(MediaException.class, () -> decoder.decode(garbage));
    }

    @Test
    void truncatedWavHeaderIsRefused() throws IOException {
        byte[] wav = resource("tone_16000_mono.wav");
        Path cut = Files.write(tmp.resolve("cut.wav"), java.util.Arrays.copyOf(wav, 30));
        assertThrows(MediaException.class, () -> decoder.decode(cut));
    }

    @Test
    void registeredAsService() {
        assertTrue(Services.find(AudioDecoder.class).orElseThrow() instanceof FfmpegAudioDecoder);
    }

    private Path copy(String name) throws IOException {
        return Files.write(tmp.resolve(name), resource(name));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = FfmpegAudioDecoderTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IOException("missing " + DIR + name);
            }
            return in.readAllBytes();
        }
    }
}
