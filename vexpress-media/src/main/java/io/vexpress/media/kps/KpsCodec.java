package io.vexpress.media.kps;

import io.vexpress.InvalidInputException;
import io.vexpress.MediaException;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.files.AtomicTarget;
import io.vexpress.spi.KeypointSequenceCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The built-in {@link KeypointSequenceCodec}: reads kps.pth (as V-Express and {@code torch.save} write them),
 * {@code .npy} and the JSON form, recognising the format by content; writes the format the file name's
 * extension names. Reading never executes or instantiates anything from the file and keeps memory bounded
 * (files above {@value #MAX_FILE_BYTES} bytes are refused).
 */
public final class KpsCodec implements KeypointSequenceCodec {
    /** Real kps files are KBs to a few MB. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    @Override
    public KeypointSequence read(Path file) {
        long size;
        byte[] head = new byte[16];
        int headLength;
        try {
            size = Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                headLength = in.readNBytes(head, 0, head.length);
            }
        } catch (NoSuchFileException e) {
            throw new MediaException("Keypoint file " + file + " does not exist.", e);
        } catch (IOException e) {
            throw new MediaException("Cannot read keypoint file " + file + ": " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new TruncatedKeypointFileException(file + ": the keypoint file is empty.");
        }
        if (size > MAX_FILE_BYTES) {
            throw new KeypointFileTooLargeException(file + ": the keypoint file has " + size + " bytes; keypoint files are"
                    + " far smaller (limit " + MAX_FILE_BYTES + ").");
        }
        KeypointFileFormat format = KeypointFileFormat.sniff(head, headLength);
        if (format == null) {
            if (headLength >= 2 && (head[0] & 0xFF) == 0x80 && head[1] == 2) {
                throw new KeypointFileException(file + ": this is torch's legacy (pre-1.6, non-ZIP) serialization, which"
                        + " is not supported. Load it in Python and save it again with torch.save (torch 1.6 or later).");
            }
            throw new KeypointFileException(file + ": not a keypoint file (expected a kps.pth ZIP written by torch.save,"
                    + " a .npy array or the JSON form).");
        }
        return switch (format) {
            case TORCH, TORCH_NUMPY_LIST -> TorchArchiveReader.read(file);
            case NPY -> NpyFormat.read(readAll(file), file.toString());
            case JSON -> JsonKeypointFormat.read(readAll(file), file.toString());
        };
    }

    private static byte[] readAll(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return BoundedReads.readAtMost(in, MAX_FILE_BYTES, () -> new KeypointFileTooLargeException(
                    file + ": the keypoint file grew beyond " + MAX_FILE_BYTES + " bytes while being read."));
        } catch (IOException e) {
            throw new MediaException("Cannot read keypoint file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the format named by the extension ({@code .pth}/{@code .pt}, {@code .npy}, {@code .json}). */
    @Override
    public void write(KeypointSequence sequence, Path file) {
        write(sequence, file, KeypointFileFormat.forFileName(file));
    }

    /** Writes {@code format} atomically: a temporary file next to {@code file}, moved into place when complete. */
    public void write(KeypointSequence sequence, Path file, KeypointFileFormat format) {
        if (sequence == null || file == null || format == null) {
            throw new InvalidInputException("Writing a keypoint file needs a sequence, a path and a format.");
        }
        Path target = file.toAbsolutePath();
        AtomicTarget out = AtomicTarget.create(target, false);
        try {
            try (OutputStream stream = Files.newOutputStream(out.temp())) {
                switch (format) {
                    case TORCH -> TorchArchiveWriter.write(sequence, archiveName(target), stream);
                    case TORCH_NUMPY_LIST -> TorchArchiveWriter.writeNumpyList(sequence, archiveName(target), stream);
                    case NPY -> NpyFormat.write(sequence, stream);
                    case JSON -> {
                        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
                        JsonKeypointFormat.write(sequence, w);
                        w.flush();
                    }
                }
            }
            out.commit();
        } catch (IOException | UncheckedIOException e) {
            throw new MediaException("Cannot write keypoint file " + file + ": " + e.getMessage(), e);
        } finally {
            out.discard();
        }
    }

    /** Torch names the archive's top folder after the file; keep it to a plain identifier. */
    private static String archiveName(Path target) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_-]", "_");
        return stem.isEmpty() ? "kps" : stem;
    }
}
