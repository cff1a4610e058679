package io.vexpress.media.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegLogCallback;

/**
 * Routes FFmpeg's and JavaCPP's console output to SLF4J and keeps FFmpeg quiet below errors, so library users
 * do not get stream dumps on stderr for every file. {@code -Dvexpress.ffmpeg.logLevel=quiet|error|warning|info|debug}
 * changes FFmpeg's level (default {@code error}); setting {@code org.bytedeco.javacpp.logger} yourself keeps
 * your choice. Called by every codec in this module before it touches FFmpeg; idempotent.
 */
public final class FfmpegRuntime {
    /** System property for FFmpeg's log level. */
    public static final String LOG_LEVEL_PROPERTY = "vexpress.ffmpeg.logLevel";

    private static final AtomicBoolean INITIALISED = new AtomicBoolean();

    private FfmpegRuntime() {
    }

    /** Applies the logging setup once per JVM. */
    public static void initialise() {
        if (!INITIALISED.compareAndSet(false, true)) {
            return;
        }
        JavaCppMemoryGuard.configure();
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
        int level = switch (System.getProperty(LOG_LEVEL_PROPERTY, "error").toLowerCase(Locale.ROOT)) {
            case "quiet" -> AV_LOG_QUIET;
            case "warning" -> AV_LOG_WARNING;
            case "info" -> AV_LOG_INFO;
            case "debug" -> AV_LOG_DEBUG;
            default -> AV_LOG_ERROR;
        };
        avutil.av_log_set_level(level);
        FFmpegLogCallback.setLevel(level);
        FFmpegLogCallback.set();
    }
}
