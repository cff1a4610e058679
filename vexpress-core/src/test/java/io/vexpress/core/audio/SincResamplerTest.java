package io.vexpress.core.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.InvalidInputException;
import io.vexpress.media.PcmAudio;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Compares with torchaudio 0.13 goldens from tools/goldens/audio_resample.py. */
class SincResamplerTest {
    private static final String DIR = "/golden/audio_resample/";

    static List<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = SincResamplerTest.class.getResourceAsStream(DIR + "cases.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    out.add(Arguments.of((Object) line.trim().split(" ")));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesTorchaudioWithin1e6(String[] c) throws IOException {
        String name = c[0];
        int from = Integer.parseInt(c[1]);
        int to = Integer.parseInt(c[2]);
        int channels = Integer.parseInt(c[3]);
        float[] in = floats(DIR + name + "_in.f32");
        float[] expected = floats(DIR + name + "_out.f32");
        PcmAudio out = SincResampler.resample(PcmAudio.of(in, from, channels), to);
        assertEquals(to, out.sampleRate());
        assertEquals(channels, out.channels());
        assertEquals(Integer.parseInt(c[5]), out.frameCount(), "torchaudio's output length");
        float[] actual = out.toInterleavedArray();
        double maxErr = 0;
        for (int i = 0; i < expected.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(maxErr <= 1e-6, name + ": max abs error " + maxErr);
    }

    @Test
    void modelAudioResamplesThenAverages() throws IOException {
        float[] in = floats(DIR + "44100_16000_stereo_in.f32");
        float[] out = floats(DIR + "44100_16000_stereo_out.f32");
        float[] mono = ModelAudio.monoAt(PcmAudio.of(in, 44100, 2), 16000);
        assertEquals(out.length / 2, mono.length);
        for (int i = 0; i < mono.length; i++) {
            assertEquals((out[2 * i] + out[2 * i + 1]) / 2, mono[i], 1e-6f, "sample " + i);
        }
    }

    @Test
    void equalRatesAreIdentity() {
        PcmAudio a = PcmAudio.mono(new float[] {0.1f, -0.2f, 0.3f}, 16000);
        assertSame(a, SincResampler.resample(a, 16000));
        assertArrayEquals(new float[] {0.1f, -0.2f}, SincResampler.of(8000, 8000).apply(new float[] {0.1f, -0.2f}));
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertEquals(0, SincResampler.of(44100, 16000).apply(new float[0]).length);
    }

    @Test
    void rejectsNonPositiveRates() {
        assertThrows(InvalidInputException.class, () -> SincResampler.of(0, 16000));
        assertThrows(InvalidInputException.class, () -> SincResampler.of(44100, -1));
    }

    @Test
    void downmixAveragesChannels() {
        PcmAudio stereo = PcmAudio.of(new float[] {1f, 0f, 0.5f, -0.5f}, 8000, 2);
        assertArrayEquals(new float[] {0.5f, 0f}, Downmix.toMono(stereo).toInterleavedArray());
    }

    private static float[] floats(String resource) throws IOException {
        try (InputStream in = SincResamplerTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing " + resource);
            }
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[b.remaining() / 4];
            b.asFloatBuffer().get(f);
            return f;
        }
    }
}
