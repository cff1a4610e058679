package io.vexpress.media.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.MediaException;
import io.vexpress.media.audio.FfmpegAudioDecoder;
import io.vexpress.media.video.FfmpegVideoDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FFmpeg's failures read as our messages: FFmpeg's reason and its own error line, none of JavaCV's developer hints. */
class FfmpegErrorsTest {
    @TempDir
    Path dir;

    private Path garbage(String name) throws IOException {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertOurWords(String m) {
        assertFalse(m.contains("setFormat") || m.contains("FFmpegLogCallback") || m.contains("avformat_open_input"), m);
        assertFalse(m.contains("@ 0x"), "no FFmpeg context pointers: " + m);
    }

    @Test
    void anUnreadableVideoSaysWhyInOurWords() throws IOException {
        Path video = garbage("talk.mp4");
        String m = assertThrows(MediaException.class, () -> new FfmpegVideoDecoder().open(video)).getMessage();
        assertOurWords(m);
        assertTrue(m.startsWith("Cannot open video " + video + ": could not open input (invalid data found when processing input"), m);
    }

    @Test
    void anEmptyVideoIsCalledEmpty() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        String m = assertThrows(MediaException.class, () -> new FfmpegVideoDecoder().open(empty)).getMessage();
        assertTrue(m.contains("is empty (0 bytes)"), m);
    }

    @Test
    void anUnreadableAudioFileSaysWhyInOurWords() throws IOException {
        Path audio = garbage("speech.mp3");
        String m = assertThrows(MediaException.class, () -> new FfmpegAudioDecoder().decode(audio)).getMessage();
        assertOurWords(m);
        assertTrue(m.contains("FFmpeg does not recognise it") && m.contains("invalid data found"), m);
    }

    @Test
    void errorLinesOfAnEarlierOperationDoNotLeakIntoTheNextMessage() throws IOException {
        Path video = garbage("a.mp4");
        assertThrows(MediaException.class, () -> new FfmpegVideoDecoder().open(video));
        FfmpegRuntime.initialise();
        assertEquals("encoder refused", FfmpegErrors.describe(new RuntimeException("Encoder refused.")));
    }
}
