package io.vexpress.media.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps FFmpeg's own console output away from the user: its log lines go to SLF4J (logger
 * {@code io.vexpress.media.ffmpeg.FFmpeg}) at DEBUG level, and the error lines of the current thread are kept so that
 * {@link FfmpegErrors} can put them into our exception messages, which are what users read. Set
 * {@code -Dvexpress.ffmpeg.logLevel=error|warning|info|debug} to log FFmpeg's lines down to that level at their own
 * SLF4J levels instead (the command-line tool does so with {@code --verbose}), or {@code quiet} to silence FFmpeg
 * completely. Setting {@code org.bytedeco.javacpp.logger} yourself keeps your choice for JavaCPP's own messages.
 * Called by every codec in this module before it touches FFmpeg; idempotent.
 */
public final class FfmpegRuntime {
    /** System property for FFmpeg's log level. */
    public static final String LOG_LEVEL_PROPERTY = "vexpress.ffmpeg.logLevel";

    private static final Logger FFMPEG = LoggerFactory.getLogger("io.vexpress.media.ffmpeg.FFmpeg");
    private static final AtomicBoolean INITIALISED = new AtomicBoolean();
    private static final int KEPT_LINES = 8;
    /** The last error lines FFmpeg logged on each thread, for the exception messages. */
    private static final ThreadLocal<Deque<String>> RECENT_ERRORS = ThreadLocal.withInitial(ArrayDeque::new);
    /** Held here so that the native side's callback is never collected. */
    private static volatile LogCallback callback;

    private FfmpegRuntime() {
    }

    /**
     * Applies the logging setup once per JVM, and forgets the FFmpeg error lines this thread recorded so far, so that
     * the message of a failure that follows shows only its own. Call it before each FFmpeg operation.
     */
    public static void initialise() {
        RECENT_ERRORS.get().clear();
        if (!INITIALISED.compareAndSet(false, true)) {
            return;
        }
        JavaCppMemoryGuard.configure();
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
        String requested = System.getProperty(LOG_LEVEL_PROPERTY);
        boolean own = requested != null;
        int level = switch (requested == null ? "error" : requested.toLowerCase(Locale.ROOT)) {
            case "quiet" -> AV_LOG_QUIET;
            case "warning" -> AV_LOG_WARNING;
            case "info" -> AV_LOG_INFO;
            case "debug" -> AV_LOG_DEBUG;
            default -> AV_LOG_ERROR;
        };
        avutil.av_log_set_level(level);
        LogCallback c = new Callback(own);
        callback = c;
        avutil.setLogCallback(c);
    }

    /**
     * The error lines FFmpeg logged on this thread since {@link #initialise()} or the last call, oldest first, and
     * forgets them. Used by {@link FfmpegErrors}.
     */
    static java.util.List<String> takeErrors() {
        Deque<String> lines = RECENT_ERRORS.get();
        java.util.List<String> out = new java.util.ArrayList<>(lines);
        lines.clear();
        return out;
    }

    private static final class Callback extends LogCallback {
        private final boolean ownLevels;

        Callback(boolean ownLevels) {
            this.ownLevels = ownLevels;
        }

        @Override
        public void call(int level, BytePointer message) {
            String line = message == null ? "" : message.getString().strip();
            if (line.isEmpty()) {
                return;
            }
            if (level <= AV_LOG_ERROR) {
                Deque<String> lines = RECENT_ERRORS.get();
                if (lines.size() == KEPT_LINES) {
                    lines.removeFirst();
                }
                lines.addLast(line);
            }
            if (!ownLevels) {
                FFMPEG.debug(line);
            } else if (level <= AV_LOG_ERROR) {
                FFMPEG.error(line);
            } else if (level <= AV_LOG_WARNING) {
                FFMPEG.warn(line);
            } else if (level <= AV_LOG_INFO) {
                FFMPEG.info(line);
            } else {
                FFMPEG.debug(line);
            }
        }
    }
}
