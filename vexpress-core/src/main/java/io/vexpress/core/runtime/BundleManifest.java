package io.vexpress.core.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.ModelBundleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parsed {@code manifest.json} of a model bundle.
 *
 * @param folder the bundle folder
 * @param models component → model file (inside the folder)
 * @param fp16Models component → model file preferred at {@link io.vexpress.Precision#FP16}
 * @param scalingFactor SD VAE latent scaling factor
 * @param numPadAudioFrames V-Express {@code num_pad_audio_frames}
 * @param audioSampleRate sample rate the audio encoder expects
 * @param audioNormalize whether wav2vec2's zero-mean unit-variance normalisation applies
 * @param description free text
 */
public record BundleManifest(Path folder, Map<ModelComponent, Path> models, Map<ModelComponent, Path> fp16Models,
                             double scalingFactor, int numPadAudioFrames, int audioSampleRate, boolean audioNormalize,
                             String description) {

    /** The file name of the manifest inside a bundle folder. */
    public static final String FILE_NAME = "manifest.json";
    /** The only format version this engine reads: 2, whose denoising UNet runs the V-Kps guider itself. */
    public static final int FORMAT_VERSION = 2;
    /** How to make a bundle this engine reads, for the messages about old or unknown formats. */
    static final String REEXPORT = "Re-export it with this version's tools/export: python tools/export/export_bundle.py"
            + " --vexpress_dir /path/to/V-Express --output_dir ";
    private static final String FORMAT = "vexpress-model-bundle";
    private static final Logger LOG = LoggerFactory.getLogger(BundleManifest.class);

    /** Makes the maps immutable. */
    public BundleManifest {
        models = Collections.unmodifiableMap(new EnumMap<>(models));
        fp16Models = fp16Models.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(fp16Models));
    }

    /**
     * Reads and checks {@code folder/manifest.json}: format, version, required models present as files.
     *
     * @throws ModelBundleException naming what is wrong or missing
     */
    public static BundleManifest read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ModelBundleException("Model bundle " + folder.toAbsolutePath() + " has no " + FILE_NAME
                    + ". A bundle is a folder with manifest.json and the ONNX models (see docs/model-bundle.md).");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelBundleException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelBundleException(file + " must hold a JSON object.");
        }
        String format = root.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw new ModelBundleException(file + ": \"format\" must be \"" + FORMAT + "\", found \"" + format + "\".");
        }
        JsonNode version = root.get("format_version");
        if (version != null && version.isIntegralNumber() && version.asInt() == 1) {
            throw new ModelBundleException("Model bundle " + folder.toAbsolutePath() + " has format_version 1, whose"
                    + " denoising UNet takes keypoint features from a separate v_kps_guider.onnx; this engine reads format "
                    + FORMAT_VERSION + ", whose denoising UNet runs the V-Kps guider itself on the window's V-Kps images"
                    + " (docs/model-bundle.md). " + REEXPORT + folder.toAbsolutePath());
        }
        if (version == null || !version.isIntegralNumber() || version.asInt() != FORMAT_VERSION) {
            throw new ModelBundleException(file + ": \"format_version\" " + version + " is not supported; this engine reads version "
                    + FORMAT_VERSION + ". " + REEXPORT + folder.toAbsolutePath());
        }
        Map<ModelComponent, Path> models = readModels(folder, file, root, "models", true);
        Map<ModelComponent, Path> fp16 = readModels(folder, file, root, "models_fp16", false);
        double scaling = number(file, root, "scaling_factor", 0.18215);
        int pad = integer(file, root, "num_pad_audio_frames", 2, 0);
        int rate = integer(file, root, "audio_sample_rate", 16000, 1);
        boolean normalize = root.path("audio_normalize").asBoolean(true);
        if (!(scaling > 0) || Double.isInfinite(scaling)) {
            throw new ModelBundleException(file + ": \"scaling_factor\" must be a positive number, found " + scaling + ".");
        }
        return new BundleManifest(folder, models, fp16, scaling, pad, rate, normalize, root.path("description").asText(""));
    }

    /** The file to load for {@code component}, preferring the fp16 variant when asked and present. */
    public Path modelFile(ModelComponent component, boolean preferFp16) {
        if (preferFp16 && fp16Models.containsKey(component)) {
            return fp16Models.get(component);
        }
        return models.get(component);
    }

    /** Whether the bundle has {@code component}. */
    public boolean has(ModelComponent component) {
        return models.containsKey(component);
    }

    private static Map<ModelComponent, Path> readModels(Path folder, Path file, JsonNode root, String key, boolean required) {
        JsonNode node = root.get(key);
        Map<ModelComponent, Path> out = new EnumMap<>(ModelComponent.class);
        if (node == null || node.isNull()) {
            if (required) {
                throw new ModelBundleException(file + " has no \"" + key + "\" object naming the ONNX files.");
            }
            return out;
        }
        if (!node.isObject()) {
            throw new ModelBundleException(file + ": \"" + key + "\" must be an object of component name -> file name.");
        }
        Path base = folder.toAbsolutePath().normalize();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            var component = ModelComponent.byManifestName(e.getKey());
            if (component.isEmpty()) {
                LOG.warn("{}: ignoring unknown model \"{}\" in \"{}\".", file, e.getKey(), key);
                continue;
            }
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                throw new ModelBundleException(file + ": \"" + key + "." + e.getKey() + "\" must be a file name.");
            }
            Path model = base.resolve(e.getValue().asText()).normalize();
            if (!model.startsWith(base)) {
                throw new ModelBundleException(file + ": \"" + key + "." + e.getKey() + "\" = \"" + e.getValue().asText()
                        + "\" points outside the bundle folder; model files must be inside it.");
            }
            if (!Files.isRegularFile(model)) {
                throw new ModelBundleException("Model bundle " + base + ": the manifest names " + e.getValue().asText()
                        + " for " + e.getKey() + " but that file does not exist.");
            }
            out.put(component.get(), model);
        }
        if (required) {
            List<String> missing = new ArrayList<>();
            for (ModelComponent c : ModelComponent.values()) {
                if (c.required() && !out.containsKey(c)) {
                    missing.add(c.manifestName());
                }
            }
            if (!missing.isEmpty()) {
                throw new ModelBundleException("Model bundle " + base + " is incomplete: " + FILE_NAME
                        + " names no model for " + String.join(", ", missing) + ". Required: vae_encoder, vae_decoder, "
                        + "reference_net, denoising_unet, audio_encoder, audio_projection.");
            }
        }
        return out;
    }

    private static double number(Path file, JsonNode root, String key, double fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw new ModelBundleException(file + ": \"" + key + "\" must be a number, found " + n + ".");
        }
        return n.asDouble();
    }

    private static int integer(Path file, JsonNode root, String key, int fallback, int min) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min) {
            throw new ModelBundleException(file + ": \"" + key + "\" must be an integer >= " + min + ", found " + n + ".");
        }
        return n.asInt();
    }
}
