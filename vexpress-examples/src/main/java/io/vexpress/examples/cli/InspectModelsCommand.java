package io.vexpress.examples.cli;

import io.vexpress.Device;
import io.vexpress.ModelBundleException;
import io.vexpress.Precision;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.runtime.BundleDimensions;
import io.vexpress.core.runtime.BundleManifest;
import io.vexpress.core.runtime.ExecutionSettings;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.core.runtime.ModelContract;
import io.vexpress.core.runtime.ModelSession;
import io.vexpress.core.runtime.ModelSignature;
import io.vexpress.core.runtime.PortInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vexpress inspect-models}: opens every model of a bundle, lists its inputs and outputs, and checks
 * them against the contract of docs/model-bundle.md, as a generator does before its first generation.
 */
@Command(name = "inspect-models", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Check a model bundle: each model, its inputs and outputs, pass or fail against the contract"
                + " (docs/model-bundle.md). Exit code 0 when the bundle passes, 4 when it does not.",
        footer = ExitCodes.HELP_FOOTER)
final class InspectModelsCommand extends CliCommand {

    @Option(names = {"--models", "--model_bundle", "--model-bundle"}, paramLabel = "DIR",
            defaultValue = "${env:VEXPRESS_MODELS:-models/v-express}",
            description = "The model bundle folder, or 'tiny' for the demo's stand-in. Default: $VEXPRESS_MODELS or ${DEFAULT-VALUE}.")
    Path models;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", converter = GenerationOptions.DeviceConverter.class,
            description = "Open the models on cpu, cuda, cuda:N or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--dtype", paramLabel = "fp32|fp16", defaultValue = "fp32", converter = GenerationOptions.PrecisionConverter.class,
            description = "Check the fp16 files of models_fp16 instead, where the bundle has them. Default: ${DEFAULT-VALUE}.")
    Precision dtype;

    @Override
    int execute(Console console) {
        try (ModelsFolder folder = ModelsFolder.open(models)) {
            return inspect(console, folder.folder());
        }
    }

    private int inspect(Console console, Path models) {
        BundleManifest manifest = BundleManifest.read(models);
        boolean fp16 = dtype == Precision.FP16;
        ExecutionSettings settings = ExecutionSettings.resolve(TalkingHeadGenerator.builder()
                .setModelBundle(models).optDevice(Device.parse(device)).toConfig());

        StringBuilder text = new StringBuilder();
        text.append("Model bundle ").append(models.toAbsolutePath()).append(" on ").append(settings.device()).append('\n');
        Map<ModelComponent, ModelSignature> signatures = new EnumMap<>(ModelComponent.class);
        List<Map<String, Object>> modelsJson = new ArrayList<>();
        boolean allOpened = true;
        for (ModelComponent c : ModelComponent.values()) {
            if (!manifest.has(c)) {
                if (c.required()) {
                    allOpened = false;
                    text.append(String.format(Locale.ROOT, "%n  FAIL  %-17s missing from manifest.json%n", c.manifestName()));
                    modelsJson.add(Map.of("name", c.manifestName(), "status", "missing"));
                } else {
                    text.append(String.format(Locale.ROOT, "%n  -     %-17s not in the bundle (optional)%n", c.manifestName()));
                }
                continue;
            }
            Path file = manifest.modelFile(c, fp16);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", c.manifestName());
            json.put("file", file.getFileName().toString());
            try (ModelSession session = ModelSession.open(c, file, settings)) {
                ModelSignature sig = session.signature();
                signatures.put(c, sig);
                text.append(String.format(Locale.ROOT, "%n  ok    %-17s %s%n", c.manifestName(), file.getFileName()));
                appendPorts(text, "in ", sig.inputs());
                appendPorts(text, "out", sig.outputs());
                json.put("status", "opened");
                json.put("inputs", portsJson(sig.inputs()));
                json.put("outputs", portsJson(sig.outputs()));
            } catch (ModelBundleException e) {
                allOpened = false;
                text.append(String.format(Locale.ROOT, "%n  FAIL  %-17s %s%n", c.manifestName(), e.getMessage()));
                json.put("status", "failed");
                json.put("message", e.getMessage());
            }
            modelsJson.add(json);
        }

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("bundle", models.toAbsolutePath().toString());
        fields.put("device", settings.device().toString());
        fields.put("models", modelsJson);
        String verdict;
        int exit;
        if (!allOpened) {
            verdict = "FAIL: not every required model could be opened (see above).";
            exit = ExitCodes.MODELS;
        } else {
            try {
                signatures.remove(ModelComponent.FACE_DETECTOR); // used as shipped by insightface, not part of the contract
                BundleDimensions d = ModelContract.validate(signatures, manifest.numPadAudioFrames());
                verdict = String.format(Locale.ROOT, "PASS: the bundle meets the contract (latent channels %d, keypoint"
                        + " channels %d, audio feature width %d, audio token width %d, %d audio tokens per frame,"
                        + " %d reference features).", d.latentChannels(), d.kpsChannels(), d.audioFeatureWidth(),
                        d.audioTokenWidth(), d.audioTokens(), d.referenceFeatures().size());
                fields.put("dimensions", d);
                exit = ExitCodes.OK;
            } catch (ModelBundleException e) {
                verdict = "FAIL: " + e.getMessage();
                exit = ExitCodes.MODELS;
            }
        }
        text.append('\n').append("Contract: ").append(verdict);
        fields.put("contract", exit == ExitCodes.OK ? "pass" : "fail");
        fields.put("verdict", verdict);
        if (exit == ExitCodes.OK) {
            console.result(text.toString(), fields);
        } else {
            console.info(text.toString());
            console.error(exit, verdict, null);
        }
        return exit;
    }

    /** Ports by name, with numbered names in numeric order (ref_2 before ref_10); ONNX Runtime reports them unordered. */
    static List<PortInfo> sorted(Map<String, PortInfo> ports) {
        return ports.values().stream().sorted(java.util.Comparator
                .comparing((PortInfo p) -> p.name().replaceAll("\\d+$", ""))
                .thenComparingInt(p -> p.name().matches(".*\\d+$") ? Integer.parseInt(p.name().replaceAll("^.*?(\\d+)$", "$1")) : -1))
                .toList();
    }

    private static void appendPorts(StringBuilder text, String direction, Map<String, PortInfo> ports) {
        for (PortInfo p : sorted(ports)) {
            text.append(String.format(Locale.ROOT, "          %s %-28s %-7s %s%n", direction, p.name(),
                    p.type() == null ? "?" : p.type().toString().toLowerCase(Locale.ROOT), p.shapeText()));
        }
    }

    private static List<Map<String, Object>> portsJson(Map<String, PortInfo> ports) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PortInfo p : sorted(ports)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("type", p.type() == null ? null : p.type().toString().toLowerCase(Locale.ROOT));
            m.put("shape", p.shape());
            out.add(m);
        }
        return out;
    }
}
