package io.vexpress.media.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.InvalidInputException;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.image.StandardImageDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNG sequences and in-memory collection. */
class FrameOutputsTest {
    @TempDir
    Path tmp;

    @Test
    void pngSequenceIsLosslessAndAppearsOnCommit() throws IOException {
        Path folder = tmp.resolve("frames");
        PngSequenceOutput output = new PngSequenceOutput(folder);
        try (FrameSink sink = output.open(VideoFormat.silent(31, 17, 25, 3))) {
            TestVideos.writeAll(sink, 3, 31, 17);
            assertFalse(Files.exists(folder), "nothing visible before the commit");
            sink.commit();
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(3, files.count());
        }
        StandardImageDecoder decoder = new StandardImageDecoder();
        for (int i = 0; i < 3; i++) {
            RgbImage read = decoder.decode(folder.resolve(output.fileName(i)), false);
            assertEquals(TestVideos.frame(i, 31, 17), read);
        }
        assertEquals("frame_00002.png", output.fileName(2));
    }

    @Test
    void pngSequenceWithoutCommitLeavesNothingAndKeepsOldFolder() throws IOException {
        Path folder = tmp.resolve("kept");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("old.txt"), "x");
        try (FrameSink sink = new PngSequenceOutput(folder).open(VideoFormat.silent(8, 8, 25, 2))) {
            TestVideos.writeAll(sink, 2, 8, 8);
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(1, files.count(), "only the old folder");
        }
        assertTrue(Files.exists(folder.resolve("old.txt")));
    }

    @Test
    void inMemoryFramesAreAvailableAfterCommitOnly() {
        InMemoryFrames output = new InMemoryFrames();
        VideoFormat format = VideoFormat.silent(10, 6, 24.5, 4);
        try (FrameSink sink = output.open(format)) {
            TestVideos.writeAll(sink, 4, 10, 6);
            assertTrue(output.frames().isEmpty());
            sink.commit();
        }
        assertEquals(4, output.frames().size());
        assertEquals(TestVideos.frame(3, 10, 6), output.frames().get(3));
        assertEquals(format, output.format().orElseThrow());
        try (FrameSink sink = output.open(format)) {
            sink.write(RgbImage.black(10, 6));
            assertThrows(InvalidInputException.class, () -> sink.write(RgbImage.black(6, 10)));
        }
        assertEquals(4, output.frames().size(), "an aborted run keeps the last committed result");
    }
}
