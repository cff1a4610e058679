package io.vexpress.examples.studio;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Random identifiers for uploads, previews and jobs, and the API token. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    private Ids() {
    }

    /** 64 random bits as 16 hex digits (also a safe folder name). */
    static String next() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** 128 random bits as 32 hex digits. */
    static String token() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
