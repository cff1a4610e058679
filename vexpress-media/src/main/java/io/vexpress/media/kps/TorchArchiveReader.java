package io.vexpress.media.kps;

import io.vexpress.keypoints.KeypointSequence;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads kps.pth files: torch's ZIP serialization (any top folder name) whose {@code data.pkl} holds a
 * list of numpy arrays (as V-Express writes them) or torch tensors with their storages in {@code data/N}.
 */
final class TorchArchiveReader {
    /** Keypoint pickles are a few hundred KB at most; this refuses zip bombs early. */
    static final long MAX_PICKLE_BYTES = 16L << 20;
    static final int MAX_ENTRIES = 4096;
    private static final Pattern STORAGE_KEY = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private TorchArchiveReader() {
    }

    static KeypointSequence read(Path file) {
        String source = file.toString();
        try (ZipFile zip = open(file, source)) {
            List<ZipArchiveEntry> entries = entries(zip, source);
            ZipArchiveEntry pickle = null;
            for (ZipArchiveEntry e : entries) {
                if (e.getName().equals("data.pkl") || e.getName().endsWith("/data.pkl")) {
                    if (pickle != null) {
                        throw new KeypointFileException(source + ": the archive holds two data.pkl entries ('"
                                + pickle.getName() + "' and '" + e.getName() + "'); it is not a single torch.save file.");
                    }
                    pickle = e;
                }
            }
            if (pickle == null) {
                throw new KeypointFileException(source + ": the ZIP archive has no data.pkl entry, so it is not a file"
                        + " written by torch.save.");
            }
            String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            byte[] pickleBytes = readEntry(zip, pickle, MAX_PICKLE_BYTES, source);
            ByteOrder order = byteOrder(zip, prefix, source);
            RestrictedUnpickler.StorageSource storages = new RestrictedUnpickler.StorageSource() {
                @Override
                public byte[] read(String key, long maxBytes) {
                    if (!STORAGE_KEY.matcher(key).matches()) {
                        throw new KeypointFileException(source + ": torch storage key '" + key + "' is not a plain name.");
                    }
                    ZipArchiveEntry entry = zip.getEntry(prefix + "data/" + key);
                    if (entry == null) {
                        throw new TruncatedKeypointFileException(source + ": the pickle references torch storage '"
                                + key + "' but the archive has no entry " + prefix + "data/" + key + ".");
                    }
                    return readEntry(zip, entry, maxBytes, source);
                }

                @Override
                public ByteOrder order() {
                    return order;
                }
            };
            return KeypointArrays.fromPickled(RestrictedUnpickler.load(pickleBytes, source, storages), source);
        } catch (IOException e) {
            throw new TruncatedKeypointFileException(source + ": the ZIP archive is truncated or damaged ("
                    + e.getMessage() + "). Re-copy the file or save it again with torch.save.", e);
        }
    }

    private static ZipFile open(Path file, String source) throws IOException {
        try {
            return ZipFile.builder().setPath(file).get();
        } catch (RuntimeException e) {
            throw damaged(source, e);
        }
    }

    /** Commons Compress throws unchecked exceptions on some corrupt directory fields; report them as damage. */
    private static KeypointFileException damaged(String source, RuntimeException e) {
        if (e instanceof KeypointFileException k) {
            return k;
        }
        return new KeypointFileException(source + ": the ZIP archive is damaged (" + e + "). Re-copy the file or save it"
                + " again with torch.save.", e);
    }

    private static List<ZipArchiveEntry> entries(ZipFile zip, String source) {
        List<ZipArchiveEntry> list = new ArrayList<>();
        for (Enumeration<ZipArchiveEntry> en = zip.getEntries(); en.hasMoreElements(); ) {
            ZipArchiveEntry e = en.nextElement();
            checkName(e.getName(), source);
            if (list.size() >= MAX_ENTRIES) {
                throw new KeypointFileTooLargeException(source + ": the archive has more than " + MAX_ENTRIES
                        + " entries; a kps.pth file has a handful.");
            }
            list.add(e);
        }
        return list;
    }

    /** Refuses names that would escape a folder if extracted, whatever we do with them. */
    static void checkName(String name, String source) {
        String n = name.replace('\\', '/');
        boolean unsafe = n.isEmpty() || n.startsWith("/") || n.indexOf('\0') >= 0 || (n.length() > 1 && n.charAt(1) == ':');
        for (String part : n.split("/")) {
            unsafe |= part.equals("..");
        }
        if (unsafe) {
            throw new UnsafeArchiveEntryException(source + ": the archive holds an entry named '" + name
                    + "' (absolute or with '..'); refusing the file as hostile.");
        }
    }

    private static ByteOrder byteOrder(ZipFile zip, String prefix, String source) {
        ZipArchiveEntry entry = zip.getEntry(prefix + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        String text = new String(readEntry(zip, entry, 16, source), StandardCharsets.US_ASCII).trim();
        return switch (text) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new KeypointFileException(source + ": unknown byteorder record '" + text + "'.");
        };
    }

    /** Reads an entry, refusing declared or actual sizes above {@code limit} without inflating more than that. */
    static byte[] readEntry(ZipFile zip, ZipArchiveEntry entry, long limit, String source) {
        if (entry.getMethod() != ZipArchiveEntry.STORED && entry.getMethod() != ZipArchiveEntry.DEFLATED) {
            throw new KeypointFileException(source + ": entry " + entry.getName() + " uses ZIP method "
                    + entry.getMethod() + "; torch files use stored (or deflated) entries.");
        }
        if (entry.getGeneralPurposeBit().usesEncryption()) {
            throw new KeypointFileException(source + ": entry " + entry.getName() + " is encrypted; torch files never are.");
        }
        if (entry.getSize() > limit) {
            throw new KeypointFileTooLargeException(source + ": entry " + entry.getName() + " declares "
                    + entry.getSize() + " bytes, more than the " + limit + " a keypoint file needs.");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return BoundedReads.readAtMost(in, limit, () -> new KeypointFileTooLargeException(source + ": entry "
                    + entry.getName() + " expands beyond " + limit + " bytes (a zip bomb or a lying size field)."));
        } catch (RuntimeException e) {
            throw damaged(source, e);
        } catch (IOException e) {
            throw new TruncatedKeypointFileException(source + ": entry " + entry.getName()
                    + " cannot be read completely (" + e.getMessage() + "); the archive is truncated or damaged.", e);
        }
    }
}
