package io.vexpress.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import io.vexpress.Device;
import io.vexpress.MemoryMode;
import io.vexpress.ModelBundleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract violations, each named precisely: built by editing the tiny bundle's real signatures. */
class ModelContractTest {
    private static Map<ModelComponent, ModelSignature> valid;

    @BeforeAll
    static void readSignatures() {
        valid = new EnumMap<>(ModelComponent.class);
        BundleManifest manifest = BundleManifest.read(TinyBundle.folder());
        ExecutionSettings settings = ExecutionSettings.resolve(TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.KEEP_LOADED));
        for (ModelComponent c : ModelComponent.values()) {
            if (c.required()) {
                try (ModelSession s = ModelSession.open(c, manifest.modelFile(c, false), settings)) {
                    valid.put(c, s.signature());
                }
            }
        }
    }

    private static String violation(ModelComponent component, boolean inputs, Consumer<Map<String, PortInfo>> edit) {
        Map<ModelComponent, ModelSignature> sigs = new EnumMap<>(valid);
        ModelSignature s = sigs.get(component);
        Map<String, PortInfo> ports = new LinkedHashMap<>(inputs ? s.inputs() : s.outputs());
        edit.accept(ports);
        sigs.put(component, inputs ? new ModelSignature(component, s.fileName(), ports, s.outputs())
                : new ModelSignature(component, s.fileName(), s.inputs(), ports));
        return assertThrows(ModelBundleException.class, () -> ModelContract.validate(sigs, 2)).getMessage();
    }

    @Test
    void theTinyBundleSatisfiesTheContract() {
        assertEquals(4, ModelContract.validate(valid, 2).latentChannels());
    }

    @Test
    void wrongElementType() {
        String m = violation(ModelComponent.DENOISING_UNET, true,
                p -> p.put("timestep", new PortInfo("timestep", OnnxJavaType.FLOAT, new long[0])));
        assertTrue(m.contains("denoising_unet.onnx") && m.contains("'timestep'") && m.contains("INT64"), m);
    }

    @Test
    void unexpectedAndMissingInputs() {
        String extra = violation(ModelComponent.DENOISING_UNET, true,
                p -> p.put("text_states", new PortInfo("text_states", OnnxJavaType.FLOAT, new long[] {1, 77, 768})));
        assertTrue(extra.contains("unexpected input 'text_states'"), extra);
        String missing = violation(ModelComponent.DENOISING_UNET, true, p -> p.remove("audio_attention_weight"));
        assertTrue(missing.contains("has no input 'audio_attention_weight'"), missing);
    }

    @Test
    void wrongRankAndFixedSize() {
        String rank = violation(ModelComponent.VAE_ENCODER, true,
                p -> p.put("image", new PortInfo("image", OnnxJavaType.FLOAT, new long[] {1, 3, -1})));
        assertTrue(rank.contains("vae_encoder.onnx") && rank.contains("[1, 3, -1] (rank 3)") && rank.contains("rank 4"), rank);
        String rgb = violation(ModelComponent.VAE_ENCODER, true,
                p -> p.put("image", new PortInfo("image", OnnxJavaType.FLOAT, new long[] {1, 4, -1, -1})));
        assertTrue(rgb.contains("dimension 1 must be 3, found 4"), rgb);
    }

    @Test
    void audioTokensMustMatchThePadding() {
        Map<ModelComponent, ModelSignature> sigs = new EnumMap<>(valid);
        String m = assertThrows(ModelBundleException.class, () -> ModelContract.validate(sigs, 1)).getMessage();
        assertTrue(m.contains("audio_projection.onnx") && m.contains("num_pad_audio_frames = 1"), m);
    }

    @Test
    void referenceFeaturesMustBeNumberedWithoutGaps() {
        String m = violation(ModelComponent.REFERENCE_NET, false, p -> {
            PortInfo r1 = p.remove("ref_1");
            p.put("ref_2", new PortInfo("ref_2", r1.type(), r1.shape()));
        });
        assertTrue(m.contains("reference_net.onnx") && m.contains("without gaps"), m);
    }

    /** A copy of the valid signatures with one port of one model replaced (or removed, for a null port). */
    private static Map<ModelComponent, ModelSignature> editedPort(ModelComponent component, boolean input, String name,
                                                                  PortInfo replacement) {
        Map<ModelComponent, ModelSignature> sigs = new EnumMap<>(valid);
        ModelSignature s = sigs.get(component);
        Map<String, PortInfo> ports = new LinkedHashMap<>(input ? s.inputs() : s.outputs());
        if (replacement == null) {
            ports.remove(name);
        } else {
            ports.put(name, replacement);
        }
        sigs.put(component, input ? new ModelSignature(component, s.fileName(), ports, s.outputs())
                : new ModelSignature(component, s.fileName(), s.inputs(), ports));
        return sigs;
    }

    private static PortInfo portOf(ModelContract.Axis a) {
        ModelSignature s = valid.get(a.component());
        return (a.input() ? s.inputs() : s.outputs()).get(a.port());
    }

    private static String failure(Map<ModelComponent, ModelSignature> sigs) {
        // assertThrows fails on any other exception type: an internal error is a test failure
        return assertThrows(ModelBundleException.class, () -> ModelContract.validate(sigs, 2)).getMessage();
    }

    /**
     * Every shared size of the contract, at every axis that carries it: a different value there is a
     * ModelBundleException that names that file and port and says what the size is.
     */
    @Test
    void everySharedSizeMismatchNamesTheFileAndThePort() {
        Map<String, List<ModelContract.Axis>> shared = ModelContract.sharedAxes(valid, 2);
        assertTrue(shared.keySet().containsAll(List.of("Cl", "Ck", "Da", "Dt", "TOK", "WIN", "C:ref_0", "C:ref_1")),
                shared.keySet().toString());
        int walked = 0;
        for (Map.Entry<String, List<ModelContract.Axis>> e : shared.entrySet()) {
            boolean fromManifest = e.getKey().equals("TOK") || e.getKey().equals("WIN"); // 2P+1 and 2(2P+1)
            assertTrue(e.getValue().size() >= (fromManifest ? 1 : 2), e.getKey() + " is shared: " + e.getValue());
            for (ModelContract.Axis a : e.getValue()) {
                PortInfo p = portOf(a);
                long[] shape = p.shape();
                if (shape[a.axis()] < 0) {
                    continue;
                }
                shape[a.axis()] += 3;
                Map<ModelComponent, ModelSignature> edited = editedPort(a.component(), a.input(), a.port(),
                        new PortInfo(a.port(), p.type(), shape));
                boolean fixedElsewhere = fromManifest || e.getValue().stream().anyMatch(o -> !o.equals(a) && portOf(o).shape()[o.axis()] >= 0);
                if (!fixedElsewhere) {
                    ModelContract.validate(edited, 2); // the only fixed occurrence (the others are dynamic): it decides
                    continue;
                }
                String m = failure(edited);
                assertTrue(m.contains(a.fileName()) && m.contains("'" + a.port() + "'")
                        && m.contains(ModelContract.meaning(e.getKey())), a + ": " + m);
                walked++;
            }
        }
        assertTrue(walked >= 14, "axes walked: " + walked);
    }

    /** A shared size that no model fixes is a ModelBundleException listing every port that leaves it open. */
    @Test
    void aSharedSizeDynamicEverywhereNamesEveryPortThatCarriesIt() {
        for (Map.Entry<String, List<ModelContract.Axis>> e : ModelContract.sharedAxes(valid, 2).entrySet()) {
            Map<ModelComponent, ModelSignature> sigs = new EnumMap<>(valid);
            for (ModelContract.Axis a : e.getValue()) {
                ModelSignature s = sigs.get(a.component());
                PortInfo p = (a.input() ? s.inputs() : s.outputs()).get(a.port());
                long[] shape = p.shape();
                shape[a.axis()] = -1;
                Map<String, PortInfo> ports = new LinkedHashMap<>(a.input() ? s.inputs() : s.outputs());
                ports.put(a.port(), new PortInfo(a.port(), p.type(), shape));
                sigs.put(a.component(), a.input() ? new ModelSignature(a.component(), s.fileName(), ports, s.outputs())
                        : new ModelSignature(a.component(), s.fileName(), s.inputs(), ports));
            }
            if (e.getKey().equals("TOK") || e.getKey().equals("WIN")) {
                assertEquals(5, ModelContract.validate(sigs, 2).audioTokens(), "the manifest's padding fixes " + e.getKey());
                continue;
            }
            String m = failure(sigs);
            assertTrue(m.contains("dynamic everywhere") && m.contains(ModelContract.meaning(e.getKey())), m);
            for (ModelContract.Axis a : e.getValue()) {
                assertTrue(m.contains(a.toString()), a + " not named in: " + m);
            }
        }
    }

    /** Every declared port of every model, missing, of another element type or of another rank. */
    @Test
    void everyBrokenPortIsAModelBundleExceptionNamingIt() {
        int walked = 0;
        for (ModelSignature s : valid.values()) {
            for (boolean input : new boolean[] {true, false}) {
                for (PortInfo p : (input ? s.inputs() : s.outputs()).values()) {
                    OnnxJavaType other = p.type() == OnnxJavaType.FLOAT ? OnnxJavaType.INT64 : OnnxJavaType.FLOAT;
                    long[] longer = java.util.Arrays.copyOf(p.shape(), p.shape().length + 1);
                    for (PortInfo broken : java.util.Arrays.asList(null, new PortInfo(p.name(), other, p.shape()),
                            new PortInfo(p.name(), p.type(), longer))) {
                        String m = failure(editedPort(s.component(), input, p.name(), broken));
                        assertTrue(m.contains(p.name()) && m.contains(".onnx"), s.fileName() + " " + p + ": " + m);
                        walked++;
                    }
                }
            }
        }
        assertTrue(walked > 60, "ports walked: " + walked / 3);
    }

    @Test
    void differentAudioFeatureAndTokenWidthsAreTwoSizes() {
        // the tiny bundle's audio projection maps 32 -> 32; declare it 48 -> 32 with an encoder of width 48
        Map<ModelComponent, ModelSignature> sigs = editedPort(ModelComponent.AUDIO_ENCODER, false, "last_hidden_state",
                new PortInfo("last_hidden_state", OnnxJavaType.FLOAT, new long[] {1, -1, 48}));
        ModelSignature proj = sigs.get(ModelComponent.AUDIO_PROJECTION);
        Map<String, PortInfo> in = new LinkedHashMap<>(proj.inputs());
        in.put("audio_windows", new PortInfo("audio_windows", OnnxJavaType.FLOAT, new long[] {-1, 10, 48}));
        sigs.put(ModelComponent.AUDIO_PROJECTION, new ModelSignature(proj.component(), proj.fileName(), in, proj.outputs()));
        BundleDimensions d = ModelContract.validate(sigs, 2);
        assertEquals(48, d.audioFeatureWidth());
        assertEquals(32, d.audioTokenWidth());
    }

    @Test
    void fp16PrecisionLoadsTheFp16Files(@TempDir Path tmp) throws IOException {
        Path bundle = TinyBundle.copyTo(tmp.resolve("bundle"));
        Files.copy(TinyBundle.resource("contract-violations/denoising_unet_kps9.onnx"), bundle.resolve("denoising_unet.fp16.onnx"));
        Files.writeString(bundle.resolve("manifest.json"), Files.readString(bundle.resolve("manifest.json"))
                .replace("\"scaling_factor\"", "\"models_fp16\": {\"denoising_unet\": \"denoising_unet.fp16.onnx\"},\n  \"scaling_factor\""));
        ModelBundle.open(TinyBundle.config(bundle, Device.cpu(), MemoryMode.RELEASE_AFTER_STAGE)).close();
        var fp16 = new io.vexpress.GeneratorConfig(bundle, Device.cpu(), io.vexpress.Precision.FP16, MemoryMode.RELEASE_AFTER_STAGE,
                2, java.util.Optional.empty(), java.util.Optional.empty());
        String m = assertThrows(ModelBundleException.class, () -> ModelBundle.open(fp16)).getMessage();
        assertTrue(m.contains("denoising_unet.fp16.onnx"), m);
    }
}
