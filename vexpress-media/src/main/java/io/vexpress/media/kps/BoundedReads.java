package io.vexpress.media.kps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/** Reads streams whose length is not trusted, never buffering more than a limit. */
final class BoundedReads {
    private BoundedReads() {
    }

    /** All of {@code in}, or the exception from {@code tooLarge} as soon as more than {@code limit} bytes arrive. */
    static byte[] readAtMost(InputStream in, long limit, Supplier<? extends RuntimeException> tooLarge) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 16));
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limit) {
                throw tooLarge.get();
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
