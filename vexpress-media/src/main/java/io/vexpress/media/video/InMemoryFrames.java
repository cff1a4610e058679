package io.vexpress.media.video;

import io.vexpress.InvalidInputException;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.VideoOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the frames in memory for callers that post-process them (512x512 RGB is 768 KiB per frame: mind
 * the heap for long videos). After the sink is committed, {@link #frames()} and {@link #format()} give the
 * result; a sink closed without a commit leaves the previous result (initially none) in place.
 * Each {@link #open} starts a new collection. Not thread-safe.
 */
public final class InMemoryFrames implements VideoOutput {
    private List<RgbImage> frames = List.of();
    private VideoFormat format;

    @Override
    public FrameSink open(VideoFormat videoFormat) {
        return new FrameSink() {
            private final List<RgbImage> collected = new ArrayList<>(videoFormat.frameCount());
            private boolean finished;

            @Override
            public void write(RgbImage frame) {
                if (finished) {
                    throw new IllegalStateException("This in-memory sink is already committed or closed.");
                }
                if (frame.width() != videoFormat.width() || frame.height() != videoFormat.height()) {
                    throw new InvalidInputException("Frame " + (collected.size() + 1) + " is " + frame.width() + "x"
                            + frame.height() + " but the video is " + videoFormat.width() + "x" + videoFormat.height() + ".");
                }
                collected.add(frame);
            }

            @Override
            public void commit() {
                if (finished) {
                    throw new IllegalStateException("This in-memory sink is already committed or closed.");
                }
                finished = true;
                frames = List.copyOf(collected);
                format = videoFormat;
            }

            @Override
            public void close() {
                finished = true;
                collected.clear();
            }
        };
    }

    /** The committed frames, in order (unmodifiable; empty before the first commit). */
    public List<RgbImage> frames() {
        return frames;
    }

    /** The committed video's format, if a sink was committed. */
    public Optional<VideoFormat> format() {
        return Optional.ofNullable(format);
    }

    @Override
    public String describe() {
        return "in-memory frames";
    }
}
