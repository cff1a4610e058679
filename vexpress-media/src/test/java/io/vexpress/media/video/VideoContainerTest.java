package io.vexpress.media.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.InvalidInputException;
import io.vexpress.Setting;
import io.vexpress.media.FrameSink;
import io.vexpress.media.VideoFormat;
import io.vexpress.spi.Services;
import io.vexpress.spi.VideoEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The container follows the extension, as with the ffmpeg command line; names without a known one are refused. */
class VideoContainerTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"out.mp4, mp4", "OUT.M4V, mp4", "out.mov, mov", "out.mkv, matroska", "out.avi, avi"})
    void eachExtensionGetsItsContainer(String name, String demuxerName) throws Exception {
        Path out = tmp.resolve(name);
        VideoEncoder encoder = Services.require(VideoEncoder.class, "vexpress-media");
        encoder.checkWritable(out);
        try (FrameSink sink = encoder.open(out, VideoFormat.silent(64, 48, 25, 5))) {
            TestVideos.writeAll(sink, 5, 64, 48);
            sink.commit();
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            assertTrue(g.getFormat().contains(demuxerName), name + " was written as " + g.getFormat());
            assertEquals("h264", g.getVideoCodecName());
            int frames = 0;
            while (g.grabImage() != null) {
                frames++;
            }
            assertEquals(5, frames);
        }
    }

    @Test
    void aNameWithoutAVideoExtensionIsRefusedBeforeAnyFrame() {
        VideoEncoder encoder = Services.require(VideoEncoder.class, "vexpress-media");
        InvalidInputException none = assertThrows(InvalidInputException.class, () -> encoder.checkWritable(tmp.resolve("talk")));
        assertTrue(none.getMessage().contains("has no extension") && none.getMessage().contains(".mp4"), none.getMessage());
        assertEquals(Setting.OUTPUT, none.setting().orElseThrow());
        InvalidInputException webm = assertThrows(InvalidInputException.class, () -> encoder.checkWritable(tmp.resolve("talk.webm")));
        assertTrue(webm.getMessage().contains(".webm is not a video container this encoder writes"), webm.getMessage());
        assertThrows(InvalidInputException.class, () -> new Mp4Output(tmp.resolve("talk.gif")));
        assertTrue(!Files.exists(tmp.resolve("talk")) && !Files.exists(tmp.resolve("talk.webm")));
    }
}
