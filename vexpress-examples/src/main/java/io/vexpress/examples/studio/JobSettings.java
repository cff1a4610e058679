package io.vexpress.examples.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vexpress.GenerationRequest;
import io.vexpress.ImageFit;
import io.vexpress.KeypointTiming;
import io.vexpress.RetargetStrategy;
import io.vexpress.VExpressException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The page's settings for one preview or generation, as JSON: {@code portrait}, {@code audio} and optionally
 * {@code kps} (upload ids; a driving video's upload gives its extracted keypoints), {@code strategy},
 * {@code steps}, {@code reference_attention_weight}, {@code audio_attention_weight}, {@code image_fit},
 * {@code paste_back}, {@code kps_timing}, {@code kps_fps}, {@code seed}, {@code size}. Missing values take the
 * SDK's defaults; the request is checked by {@link GenerationRequest.Builder#build()}, as {@code generate} checks
 * its flags.
 */
final class JobSettings {
    private JobSettings() {
    }

    /**
     * @throws StudioException 400 with the SDK's message when a value or an input is wrong
     */
    static GenerationRequest toRequest(JsonNode s, Uploads uploads, Path output) {
        if (s == null || !s.isObject()) {
            throw new StudioException(400, "Send the settings as a JSON object.");
        }
        String portrait = text(s, "portrait");
        String audio = text(s, "audio");
        if (portrait == null) {
            throw new StudioException(400, "Drop a portrait first.");
        }
        if (audio == null) {
            throw new StudioException(400, "Drop an audio file (the speech) first.");
        }
        try {
            GenerationRequest.Builder b = GenerationRequest.builder()
                    .setReferenceImage(uploads.file(portrait, Uploads.Kind.PORTRAIT))
                    .setAudio(uploads.file(audio, Uploads.Kind.AUDIO))
                    .setOutput(output);
            String kps = text(s, "kps");
            if (kps != null) {
                b.optKeypoints(uploads.file(kps, Uploads.Kind.KPS));
            }
            String strategy = text(s, "strategy");
            b.optRetargetStrategy(strategy != null ? RetargetStrategy.parse(strategy)
                    : kps != null ? RetargetStrategy.NO_RETARGET : RetargetStrategy.FIX_FACE);
            b.optSteps(integer(s, "steps", GenerationRequest.DEFAULT_STEPS));
            b.optReferenceAttentionWeight(number(s, "reference_attention_weight", GenerationRequest.DEFAULT_REFERENCE_ATTENTION_WEIGHT));
            b.optAudioAttentionWeight(number(s, "audio_attention_weight", GenerationRequest.DEFAULT_AUDIO_ATTENTION_WEIGHT));
            b.optSeed(integer(s, "seed", (int) GenerationRequest.DEFAULT_SEED));
            int size = integer(s, "size", GenerationRequest.DEFAULT_SIZE);
            b.optWidth(size).optHeight(size);
            String fit = text(s, "image_fit");
            if (fit != null) {
                b.optImageFit(imageFit(fit));
            }
            b.optPasteBack(s.path("paste_back").asBoolean(false));
            String timing = text(s, "kps_timing");
            if (timing != null) {
                b.optKeypointTiming(KeypointTiming.parse(timing));
            }
            if (s.hasNonNull("kps_fps") && !s.get("kps_fps").asText().isBlank()) {
                b.optKeypointFps(number(s, "kps_fps", 0));
            } else if (kps != null && timing != null && !timing.equalsIgnoreCase("stretch")) {
                uploads.videoFps(kps).ifPresent(b::optKeypointFps); // a driving video's own rate
            }
            return b.build();
        } catch (VExpressException e) {
            throw new StudioException(400, e.message(PageNames.PAGE));
        }
    }

    /** A short description for the results list. */
    static String summary(JsonNode s) {
        return String.format(Locale.ROOT, "%s, %d steps, weights %s/%s, %s%s, %s",
                s.path("strategy").asText("default strategy"), s.path("steps").asInt(GenerationRequest.DEFAULT_STEPS),
                s.path("reference_attention_weight").asText("1.0"), s.path("audio_attention_weight").asText("1.0"),
                s.path("image_fit").asText("stretch"), s.path("paste_back").asBoolean(false) ? " + paste-back" : "",
                s.path("kps_timing").asText("stretch") + " timing");
    }

    static ImageFit imageFit(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ImageFit f : ImageFit.values()) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        throw new StudioException(400, "Unknown image fit '" + name + "'; use stretch, center_crop or face_crop.");
    }

    private static String text(JsonNode s, String field) {
        JsonNode v = s.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    private static int integer(JsonNode s, String field, int fallback) {
        String t = text(s, field);
        if (t == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new StudioException(400, field.replace('_', ' ') + " must be a whole number, got '" + t + "'.");
        }
    }

    private static double number(JsonNode s, String field, double fallback) {
        String t = text(s, field);
        if (t == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new StudioException(400, field.replace('_', ' ') + " must be a number, got '" + t + "'.");
        }
    }

    /** A copy of the settings for the job record. */
    static ObjectNode copy(JsonNode s) {
        return s.deepCopy();
    }
}
