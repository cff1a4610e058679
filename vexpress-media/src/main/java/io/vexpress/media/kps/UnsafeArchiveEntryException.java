package io.vexpress.media.kps;

/** A ZIP entry name is absolute or contains {@code ..}: refused before anything is read. */
public class UnsafeArchiveEntryException extends KeypointFileException {
    private static final long serialVersionUID = 1L;

    public UnsafeArchiveEntryException(String message) {
        super(message);
    }

    public UnsafeArchiveEntryException(String message, Throwable cause) {
        super(message, cause);
    }
}
