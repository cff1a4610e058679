package io.vexpress.examples.demo;

import io.vexpress.MediaException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The demo's speech file: a canonical 16 kHz mono 16-bit PCM WAV (tools/demo-assets/make_demo_speech.sh),
 * which the demo can shorten without a codec.
 */
final class SpeechClip {
    /** Samples per second of speech.wav. */
    static final int RATE = 16_000;
    private static final int BYTES_PER_SAMPLE = 2;

    private SpeechClip() {
    }

    /** Its duration: the data chunk's size over the byte rate. */
    static double seconds(byte[] wav) {
        return (double) data(wav)[1] / BYTES_PER_SAMPLE / RATE;
    }

    /** The first {@code maxSeconds} of {@code wav} (all of it when shorter), as a new WAV. */
    static byte[] cut(byte[] wav, double maxSeconds) {
        int[] data = data(wav);
        long wanted = Double.isInfinite(maxSeconds) ? Long.MAX_VALUE : Math.round(maxSeconds * RATE) * BYTES_PER_SAMPLE;
        int length = (int) Math.min(data[1], Math.max(BYTES_PER_SAMPLE, wanted));
        ByteBuffer b = ByteBuffer.allocate(44 + length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(RATE).putInt(RATE * BYTES_PER_SAMPLE).putShort((short) BYTES_PER_SAMPLE).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(length).put(wav, data[0], length);
        return b.array();
    }

    /** {start, length} of the data chunk. */
    private static int[] data(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos + 8 <= wav.length) {
            int size = b.getInt(pos + 4);
            if (wav[pos] == 'd' && wav[pos + 1] == 'a' && wav[pos + 2] == 't' && wav[pos + 3] == 'a') {
                return new int[] {pos + 8, Math.min(size, wav.length - pos - 8)};
            }
            pos += 8 + size + (size & 1);
        }
        throw new MediaException("The demo speech has no WAV data chunk; rebuild the jar.");
    }
}
