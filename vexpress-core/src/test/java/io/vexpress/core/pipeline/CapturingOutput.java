package io.vexpress.core.pipeline;

import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.VideoOutput;
import java.util.ArrayList;
import java.util.List;

/** A {@link VideoOutput} that keeps committed frames in memory and discards uncommitted ones, per the FrameSink contract. */
final class CapturingOutput implements VideoOutput {
    final List<RgbImage> committed = new ArrayList<>();
    VideoFormat format;
    int opened;
    int closed;
    int written;
    Runnable onWrite = () -> { };

    @Override
    public FrameSink open(VideoFormat videoFormat) {
        format = videoFormat;
        opened++;
        List<RgbImage> pending = new ArrayList<>();
        return new FrameSink() {
            private boolean done;

            @Override
            public void write(RgbImage frame) {
                pending.add(frame);
                written++;
                onWrite.run();
            }

            @Override
            public void commit() {
                committed.addAll(pending);
                done = true;
            }

            @Override
            public void close() {
                if (!done) {
                    pending.clear();
                }
                closed++;
            }
        };
    }
}
