package io.vexpress.media.video;

import io.vexpress.media.FrameSink;
import io.vexpress.media.VideoFormat;
import io.vexpress.spi.VideoEncoder;
import java.nio.file.Path;

/**
 * The built-in {@link VideoEncoder}: an {@link Mp4Output} with default settings (H.264 + AAC, quality 18), in the
 * container the file's extension names ({@link VideoContainer}).
 */
public final class FfmpegVideoEncoder implements VideoEncoder {
    @Override
    public FrameSink open(Path output, VideoFormat format) {
        return new Mp4Output(output).open(format);
    }

    @Override
    public long maxFramePixels() {
        return H264Encoder.select().maxFramePixels();
    }

    /** The extension must name a container ({@link VideoContainer#forFile}) and the folder must take a new file. */
    @Override
    public void checkWritable(Path output) {
        new Mp4Output(output).checkWritable();
    }
}
