package io.vexpress.media.kps;

import io.vexpress.InvalidInputException;
import java.nio.file.Path;
import java.util.Locale;

/** The keypoint file formats, recognised by content when reading and by extension when writing. */
public enum KeypointFileFormat {
    /** torch.save's ZIP serialization ({@code .pth}, {@code .pt}) of one float32 {@code [N, 3, 2]} tensor. */
    TORCH,
    /**
     * torch.save's ZIP serialization of a list of {@code [3, 2]} float32 numpy arrays: V-Express's own layout.
     * Written only when asked for explicitly; {@code torch.load(..., weights_only=True)} refuses it in torch 1.x.
     */
    TORCH_NUMPY_LIST,
    /** NumPy {@code .npy}. */
    NPY,
    /** The JSON form documented in {@code docs/kps-format.md}. */
    JSON;

    /** The format of a file's first bytes, or null if none matches. */
    static KeypointFileFormat sniff(byte[] head, int length) {
        if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return TORCH;
        }
        if (length >= 6 && startsWith(head, NpyFormat.MAGIC)) {
            return NPY;
        }
        for (int i = 0; i < length; i++) {
            int c = head[i] & 0xFF;
            if (c == '{' || c == '[') {
                return JSON;
            }
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != 0xEF && c != 0xBB && c != 0xBF) {
                return null;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The format for a file name: {@code .pth}/{@code .pt} is TORCH, {@code .npy} NPY, {@code .json} JSON.
     *
     * @throws InvalidInputException for other extensions
     */
    public static KeypointFileFormat forFileName(Path file) {
        String name = file == null || file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pth") || name.endsWith(".pt")) {
            return TORCH;
        }
        if (name.endsWith(".npy")) {
            return NPY;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        throw new InvalidInputException("Cannot tell the keypoint format of '" + file + "': use a .pth, .pt, .npy or .json file name.");
    }
}
