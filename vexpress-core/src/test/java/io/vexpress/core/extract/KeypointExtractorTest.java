package io.vexpress.core.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.CancellationToken;
import io.vexpress.GenerationCancelledException;
import io.vexpress.InvalidInputException;
import io.vexpress.MediaException;
import io.vexpress.keypoints.DetectedFace;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.KeypointSequenceCodec;
import io.vexpress.spi.VideoDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeypointExtractorTest {
    private static final Path VIDEO = Path.of("talk.mp4");

    /** A video whose frame i is a uniform image of grey level i. */
    static final class FakeVideo implements VideoDecoder {
        final int frames;
        final int width;
        final int height;
        final List<Path> audioWrites = new ArrayList<>();
        boolean closed;
        boolean hasAudio = true;

        FakeVideo(int frames, int width, int height) {
            this.frames = frames;
            this.width = width;
            this.height = height;
        }

        @Override
        public Reader open(Path file) {
            return new Reader() {
                int next;

                @Override
                public double fps() {
                    return 25;
                }

                @Override
                public int frameCount() {
                    return frames;
                }

                @Override
                public RgbImage nextFrame() {
                    if (next == frames) {
                        return null;
                    }
                    byte[] rgb = new byte[width * height * 3];
                    Arrays.fill(rgb, (byte) next++);
                    return RgbImage.of(width, height, rgb);
                }

                @Override
                public void extractAudio(Path target) {
                    if (!hasAudio) {
                        throw new MediaException("no audio track in " + file);
                    }
                    audioWrites.add(target);
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }

    /** Returns, for the frame whose grey level is i, faces[i] faces whose left eye x is 100 + i. */
    static final class ScriptedDetector implements FaceKeypointDetector {
        final int[] faces;
        final List<String> sizes = new ArrayList<>();

        ScriptedDetector(int... faces) {
            this.faces = faces;
        }

        @Override
        public List<DetectedFace> detect(RgbImage image) {
            sizes.add(image.width() + "x" + image.height());
            int frame = image.channel(0, 0, 0);
            List<DetectedFace> out = new ArrayList<>();
            for (int k = 0; k < faces[frame]; k++) {
                float x = 100 + frame + 1000 * k;
                out.add(new DetectedFace(0, 0, 1, 1, 0.9f - k * 0.1f, new float[] {x, 200, x + 100, 200 + frame, x + 50, 260, 0, 0, 0, 0}));
            }
            return out;
        }
    }

    static final class CapturingCodec implements KeypointSequenceCodec {
        KeypointSequence written;
        Path target;

        @Override
        public KeypointSequence read(Path file) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(KeypointSequence sequence, Path file) {
            written = sequence;
            target = file;
        }
    }

    @Test
    void strictModeTakesTheFaceOfEveryFrameWritesAudioAndSequence() {
        FakeVideo video = new FakeVideo(3, 512, 512);
        CapturingCodec codec = new CapturingCodec();
        List<String> progress = new ArrayList<>();
        ExtractionResult r = KeypointExtractor.builder(new ScriptedDetector(1, 1, 1)).videoDecoder(video).codec(codec)
                .listener((frame, total, faces) -> progress.add(frame + "/" + total + ":" + faces)).build()
                .extractTo(VIDEO, Path.of("kps.pth"), Path.of("aud.mp3"));
        assertArrayEquals(new float[] {100, 200, 200, 200, 150, 260, 101, 200, 201, 201, 151, 260, 102, 200, 202, 202, 152, 260},
                r.sequence().toArray());
        assertEquals(List.of("1/3:1", "2/3:1", "3/3:1"), progress);
        assertEquals(List.of(Path.of("aud.mp3")), video.audioWrites);
        assertEquals(r.sequence(), codec.written);
        assertEquals(Path.of("kps.pth"), codec.target);
        assertEquals(25.0, r.fps());
        assertTrue(r.filledFrames().isEmpty());
        assertTrue(video.closed);
    }

    @Test
    void strictModeNamesTheFrameWithoutAFace() {
        FakeVideo video = new FakeVideo(4, 512, 512);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> KeypointExtractor.builder(new ScriptedDetector(1, 1, 0, 1))
                .videoDecoder(video).build().extract(VIDEO, Path.of("aud.mp3")));
        assertTrue(e.getMessage().startsWith("Frame 2 (at 0.08 s) of talk.mp4 has 0 faces"), e.getMessage());
        assertTrue(e.getMessage().contains("tolerant"), e.getMessage());
        assertTrue(video.audioWrites.isEmpty(), "nothing written on failure");
        assertTrue(video.closed);
    }

    @Test
    void strictModeNamesTheFrameWithSeveralFaces() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> KeypointExtractor.builder(new ScriptedDetector(1, 2))
                .videoDecoder(new FakeVideo(2, 512, 512)).build().extract(VIDEO));
        assertTrue(e.getMessage().startsWith("Frame 1 (at 0.04 s) of talk.mp4 has 2 faces"), e.getMessage());
    }

    @Test
    void tolerantModeInterpolatesGapsAndTakesTheFirstOfSeveralFaces() {
        // frames: 0 none, 1 face, 2 none, 3 none, 4 two faces, 5 none
        ExtractionResult r = KeypointExtractor.builder(new ScriptedDetector(0, 1, 0, 0, 2, 0)).mode(ExtractionMode.TOLERANT)
                .videoDecoder(new FakeVideo(6, 512, 512)).build().extract(VIDEO);
        KeypointSequence s = r.sequence();
        assertEquals(6, s.frameCount());
        assertEquals(List.of(0, 2, 3, 5), r.filledFrames());
        assertEquals(List.of(4), r.multiFaceFrames());
        // left eye x: detected 101 at frame 1 and 104 (first face) at frame 4; ends copy the nearest frame
        float[] leftEyeX = new float[6];
        float[] rightEyeY = new float[6];
        for (int i = 0; i < 6; i++) {
            leftEyeX[i] = s.get(i, 0, 0);
            rightEyeY[i] = s.get(i, 1, 1);
        }
        assertArrayEquals(new float[] {101, 101, 102, 103, 104, 104}, leftEyeX);
        assertArrayEquals(new float[] {201, 201, 202, 203, 204, 204}, rightEyeY);
    }

    @Test
    void tolerantModeStillFailsWithoutAnyFace() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> KeypointExtractor.builder(new ScriptedDetector(0, 0, 0))
                .mode(ExtractionMode.TOLERANT).videoDecoder(new FakeVideo(3, 512, 512)).build().extract(VIDEO));
        assertTrue(e.getMessage().contains("No face was found in any of the 3 frames"), e.getMessage());
    }

    @Test
    void framesAreResizedToTheExtractionSizeBeforeDetection() {
        ScriptedDetector detector = new ScriptedDetector(1, 1);
        KeypointExtractor.builder(detector).videoDecoder(new FakeVideo(2, 100, 80)).build().extract(VIDEO);
        assertEquals(List.of("512x512", "512x512"), detector.sizes);
        ScriptedDetector other = new ScriptedDetector(1);
        KeypointExtractor.builder(other).frameSize(256, 320).videoDecoder(new FakeVideo(1, 100, 80)).build().extract(VIDEO);
        assertEquals(List.of("256x320"), other.sizes);
    }

    @Test
    void cancellationStopsBetweenFramesAndWritesNothing() {
        CancellationToken token = new CancellationToken();
        FakeVideo video = new FakeVideo(5, 512, 512);
        CapturingCodec codec = new CapturingCodec();
        List<Integer> seen = new ArrayList<>();
        KeypointExtractor extractor = KeypointExtractor.builder(new ScriptedDetector(1, 1, 1, 1, 1)).videoDecoder(video).codec(codec)
                .cancellation(token).listener((frame, total, faces) -> {
                    seen.add(frame);
                    if (frame == 2) {
                        token.cancel();
                    }
                }).build();
        assertThrows(GenerationCancelledException.class, () -> extractor.extractTo(VIDEO, Path.of("kps.pth"), Path.of("a.mp3")));
        assertEquals(List.of(1, 2), seen);
        assertTrue(video.audioWrites.isEmpty());
        assertEquals(null, codec.written);
        assertTrue(video.closed);
    }

    @Test
    void aFailingListenerDoesNotStopTheExtraction() {
        ExtractionResult r = KeypointExtractor.builder(new ScriptedDetector(1, 1)).videoDecoder(new FakeVideo(2, 512, 512))
                .listener((frame, total, faces) -> {
                    throw new IllegalStateException("boom");
                }).build().extract(VIDEO);
        assertEquals(2, r.frameCount());
    }

    @Test
    void missingAudioTrackIsAMediaErrorOnlyWhenAudioIsAskedFor() {
        FakeVideo video = new FakeVideo(1, 512, 512);
        video.hasAudio = false;
        KeypointExtractor extractor = KeypointExtractor.builder(new ScriptedDetector(1)).videoDecoder(video).build();
        assertFalse(extractor.extract(VIDEO).audioFile().isPresent());
        assertThrows(MediaException.class, () -> extractor.extract(VIDEO, Path.of("a.mp3")));
    }

    @Test
    void emptyVideoIsRejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> KeypointExtractor.builder(new ScriptedDetector())
                .videoDecoder(new FakeVideo(0, 512, 512)).build().extract(VIDEO));
        assertTrue(e.getMessage().contains("no frames"), e.getMessage());
    }
}
