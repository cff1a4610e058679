package io.vexpress.core.pipeline;

import io.vexpress.GenerationRequest;
import io.vexpress.ImageFit;
import io.vexpress.core.denoise.ContextWindows;
import io.vexpress.core.denoise.VideoTiming;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What V-Express's usage guide asks of the inputs that is not an error: speech of 1–60 s at 16–48 kHz, a portrait of
 * 512x512 or more, square (or fitted without stretching). Each finding is one warning sentence; a clip longer than the
 * guide's 60 s also says how much work lies ahead, since it can take hours on real models.
 */
final class InputChecks {
    /** V-Express's documented audio duration range, in seconds. */
    static final double MIN_AUDIO_SECONDS = 1;
    static final double MAX_AUDIO_SECONDS = 60;
    /** V-Express's documented audio sample-rate range, in Hz. */
    static final int MIN_SAMPLE_RATE = 16_000;
    static final int MAX_SAMPLE_RATE = 48_000;
    /** The portrait size V-Express recommends. */
    static final int RECOMMENDED_PORTRAIT = 512;
    /** Below this, a side cannot show a face at all. */
    static final int TINY_PORTRAIT = 64;
    /** Aspect ratios closer than this to the output's count as the same shape (no visible stretch). */
    static final double STRETCH_TOLERANCE = 0.02;

    private InputChecks() {
    }

    /** Duration and sample rate of the speech as decoded (before resampling). */
    static void audio(PcmAudio decoded, double seconds, VideoTiming timing, GenerationRequest request,
                      Consumer<String> warnings) {
        if (seconds < MIN_AUDIO_SECONDS) {
            warnings.accept(String.format(Locale.ROOT, "The audio lasts %.2f s, shorter than the 1-60 s V-Express is"
                    + " documented for: the video has only %d frame%s and may not show the words clearly.",
                    seconds, timing.frames(), timing.frames() == 1 ? "" : "s"));
        } else if (seconds > MAX_AUDIO_SECONDS) {
            warnings.accept(longAudio(seconds, timing, request));
        }
        int rate = decoded.sampleRate();
        if (rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
            warnings.accept("The audio's sample rate is " + rate + " Hz, outside the 16-48 kHz V-Express is documented"
                    + " for; it is resampled to 16 kHz, but " + (rate < MIN_SAMPLE_RATE
                    ? "the speech lacks the higher frequencies the audio encoder was trained on." : "nothing is gained."));
        }
    }

    /** The long-audio warning with the work ahead: frames, context windows, model calls. */
    static String longAudio(double seconds, VideoTiming timing, GenerationRequest request) {
        int frames = timing.frames();
        int windows = ContextWindows.uniform(frames, request.contextFrames(), request.contextOverlap()).count();
        long calls = (long) windows * request.steps();
        boolean guided = request.guidanceScale() > 1;
        int referenceWindows = ContextWindows.uniform(Math.max(1, (int) (MAX_AUDIO_SECONDS * request.fps())),
                request.contextFrames(), request.contextOverlap()).count();
        return String.format(Locale.ROOT, "The audio lasts %.1f s (%s), longer than the 1-60 s V-Express is documented for."
                        + " Work ahead: %d frames in %d context windows, so %d denoising-UNet calls (%d steps x %d windows%s)"
                        + " and %d VAE decodes, about %.1f times a 60 s clip; memory and time grow with the length, so"
                        + " consider splitting the audio.",
                seconds, clock(seconds), frames, windows, calls, request.steps(), windows,
                guided ? ", each on a doubled batch for guidance" : "", frames, (double) windows / referenceWindows);
    }

    /** Size and shape of the portrait as decoded. */
    static void portrait(RgbImage original, GenerationRequest request, Consumer<String> warnings) {
        int w = original.width();
        int h = original.height();
        if (Math.min(w, h) < TINY_PORTRAIT) {
            warnings.accept("The reference image is only " + w + "x" + h + " pixels, far too small to show a face;"
                    + " use a portrait of " + RECOMMENDED_PORTRAIT + "x" + RECOMMENDED_PORTRAIT + " or more.");
        } else if (w < RECOMMENDED_PORTRAIT || h < RECOMMENDED_PORTRAIT) {
            warnings.accept("The reference image is " + w + "x" + h + ", smaller than the recommended "
                    + RECOMMENDED_PORTRAIT + "x" + RECOMMENDED_PORTRAIT + "; it is upscaled and the video will look soft.");
        }
        double imageAspect = (double) w / h;
        double outputAspect = (double) request.width() / request.height();
        if (request.imageFit() == ImageFit.STRETCH && Math.abs(imageAspect / outputAspect - 1) > STRETCH_TOLERANCE) {
            warnings.accept("The reference image is " + w + "x" + h + " but the video is " + request.width() + "x"
                    + request.height() + ": the image is stretched to fit and the face distorted. Crop it to the"
                    + " video's shape, or choose the center-crop image fit to keep its proportions.");
        }
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
