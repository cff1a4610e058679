package io.vexpress.examples.studio;

/** A request the studio refuses, with the HTTP status and the message the page shows. */
final class StudioException extends RuntimeException {
    private final int status;

    StudioException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
