package io.vexpress.media.ffmpeg;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Turns a JavaCV/FFmpeg failure into words for our messages: FFmpeg's reason for the error code, and the error lines
 * FFmpeg logged on this thread (captured by {@link FfmpegRuntime}), without JavaCV's developer hints such as
 * "Has setFormat() been called?" or "make sure FFmpegLogCallback.set() has been called".
 */
public final class FfmpegErrors {
    /** JavaCV's parenthesised hints, which may hold a call's "()", e.g. "(Has setFormat() been called?)". */
    private static final Pattern HINT = Pattern.compile("\\s*\\((Has |For more details|Make sure|Perhaps|Did you)(?:[^()]|\\(\\))*\\)\\.?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CALL = Pattern.compile("^[a-z_0-9]+\\(\\) error (-?\\d+):?\\s*");
    private static final Pattern CONTEXT = Pattern.compile("^\\[[^\\]]*@ ?(0x)?[0-9a-f]+\\]\\s*");

    private FfmpegErrors() {
    }

    /**
     * E.g. {@code could not open input (invalid data found when processing input; FFmpeg: moov atom not found)}.
     * Consumes the FFmpeg error lines this thread logged.
     */
    public static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = HINT.matcher(message).replaceAll("").strip();
        List<String> details = new ArrayList<>();
        Matcher call = CALL.matcher(message);
        if (call.find()) {
            String reason = reason(Integer.parseInt(call.group(1)));
            if (reason != null) {
                details.add(reason);
            }
            message = message.substring(call.end());
        }
        message = message.replaceAll("\"[^\"]*\"\\.?", "").replaceAll("\\s+", " ").strip();
        if (message.endsWith(".") || message.endsWith(":")) {
            message = message.substring(0, message.length() - 1).strip();
        }
        Set<String> lines = new LinkedHashSet<>();
        for (String line : FfmpegRuntime.takeErrors()) {
            lines.add(CONTEXT.matcher(line).replaceFirst(""));
        }
        if (!lines.isEmpty()) {
            details.add("FFmpeg: " + String.join("; ", lines));
        }
        String head = message.isEmpty() ? "FFmpeg failed" : Character.toLowerCase(message.charAt(0)) + message.substring(1);
        return details.isEmpty() ? head : head + " (" + String.join("; ", details) + ")";
    }

    /** FFmpeg's own text for an error code, in lower case, or null. */
    static String reason(int code) {
        try {
            byte[] buf = new byte[256];
            if (avutil.av_strerror(code, buf, buf.length) < 0) {
                return null;
            }
            int n = 0;
            while (n < buf.length && buf[n] != 0) {
                n++;
            }
            String text = new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
