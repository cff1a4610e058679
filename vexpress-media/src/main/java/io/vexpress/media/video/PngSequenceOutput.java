package io.vexpress.media.video;

import io.vexpress.InvalidInputException;
import io.vexpress.MediaException;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.VideoOutput;
import io.vexpress.media.files.AtomicTarget;
import io.vexpress.media.files.OutputFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Writes every frame as a lossless PNG, {@code frame_00000.png}, {@code frame_00001.png}, ... in a folder
 * (no audio: mux it yourself from the original audio file). The folder is filled under a temporary name next
 * to it and renamed into place on commit, replacing an existing folder of that name; a sink closed without a
 * commit deletes it. Odd frame sizes are fine here.
 */
public final class PngSequenceOutput implements VideoOutput {
    private final Path folder;
    private final String prefix;

    /** Frames named {@code frame_NNNNN.png} in {@code folder}. */
    public PngSequenceOutput(Path folder) {
        this(folder, "frame_");
    }

    /** Frames named {@code <prefix>NNNNN.png} in {@code folder}. */
    public PngSequenceOutput(Path folder, String prefix) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (prefix.contains("/") || prefix.contains("\\")) {
            throw new InvalidInputException("PNG frame prefix must be a plain file name part, got '" + prefix + "'.");
        }
    }

    public Path folder() {
        return folder;
    }

    /** The file name of frame {@code index} (0-based). */
    public String fileName(int index) {
        return String.format("%s%05d.png", prefix, index);
    }

    @Override
    public FrameSink open(VideoFormat format) {
        return new Sink(AtomicTarget.create(folder, true), format);
    }

    /** Creates the missing folders and makes and deletes a temporary folder next to the target. */
    @Override
    public void checkWritable() {
        OutputFiles.checkWritable(folder, true);
    }

    @Override
    public String describe() {
        return "PNG sequence " + folder;
    }

    private final class Sink implements FrameSink {
        private final AtomicTarget target;
        private final VideoFormat format;
        private int index;
        private boolean committed;
        private boolean closed;

        Sink(AtomicTarget target, VideoFormat format) {
            this.target = target;
            this.format = format;
        }

        @Override
        public void write(RgbImage frame) {
            if (closed || committed) {
                throw new IllegalStateException("This PNG sequence sink is already " + (committed ? "committed" : "closed") + ".");
            }
            if (frame.width() != format.width() || frame.height() != format.height()) {
                throw new InvalidInputException("Frame " + (index + 1) + " is " + frame.width() + "x" + frame.height()
                        + " but the video is " + format.width() + "x" + format.height() + ".");
            }
            BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
            byte[] rgb = frame.toRgbBytes();
            image.getRaster().setDataElements(0, 0, frame.width(), frame.height(), rgb);
            Path file = target.temp().resolve(fileName(index));
            try {
                if (!ImageIO.write(image, "png", file.toFile())) {
                    throw new MediaException("No PNG writer is available in this JVM.");
                }
            } catch (IOException e) {
                throw new MediaException("Cannot write " + file + ": " + e.getMessage(), e);
            }
            index++;
        }

        @Override
        public void commit() {
            if (closed || committed) {
                throw new IllegalStateException("This PNG sequence sink is already " + (committed ? "committed" : "closed") + ".");
            }
            target.commit();
            committed = true;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (!committed) {
                    target.discard();
                }
            }
        }
    }
}
