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
    void sizesSharedBetweenModelsMustAgreeAndNameWhoDeclaredThem() {
        String m = violation(ModelComponent.DENOISING_UNET, true,
                p -> p.put("sample", new PortInfo("sample", OnnxJavaType.FLOAT, new long[] {-1, 5, -1, -1, -1})));
        assertTrue(m.contains("denoising_unet.onnx") && m.contains("input 'sample'") && m.contains("Cl (latent channels) = 4")
                && m.contains("vae_encoder.onnx") && m.contains("found 5"), m);
    }

    @Test
    void theKeypointImagesAreUint8AtImageSize() {
        String type = violation(ModelComponent.DENOISING_UNET, true,
                p -> p.put("kps_images", new PortInfo("kps_images", OnnxJavaType.FLOAT, new long[] {1, 3, -1, -1, -1})));
        assertTrue(type.contains("'kps_images' has element type FLOAT, expected UINT8 (uint8)"), type);
        String batch = violation(ModelComponent.DENOISING_UNET, true,
                p -> p.put("kps_images", new PortInfo("kps_images", OnnxJavaType.UINT8, new long[] {2, 3, -1, -1, -1})));
        assertTrue(batch.contains("dimension 0 must be 1, found 2"), batch);
    }

    @Test
    void aFormat1UnetIsToldToBeReexported() {
        String m = violation(ModelComponent.DENOISING_UNET, true, p -> {
            p.remove("kps_images");
            p.put("kps_features", new PortInfo("kps_features", OnnxJavaType.FLOAT, new long[] {-1, 320, -1, -1, -1}));
        });
        assertTrue(m.contains("'kps_features'") && m.contains("format 1") && m.contains("tools/export/export_bundle.py"), m);
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

    @Test
    void fp16PrecisionLoadsTheFp16Files(@TempDir Path tmp) throws IOException {
        Path bundle = TinyBundle.copyTo(tmp.resolve("bundle"));
        Files.copy(TinyBundle.resource("contract-violations/denoising_unet_format1.onnx"), bundle.resolve("denoising_unet.fp16.onnx"));
        Files.writeString(bundle.resolve("manifest.json"), Files.readString(bundle.resolve("manifest.json"))
                .replace("\"scaling_factor\"", "\"models_fp16\": {\"denoising_unet\": \"denoising_unet.fp16.onnx\"},\n  \"scaling_factor\""));
        ModelBundle.open(TinyBundle.config(bundle, Device.cpu(), MemoryMode.RELEASE_AFTER_STAGE)).close();
        var fp16 = new io.vexpress.GeneratorConfig(bundle, Device.cpu(), io.vexpress.Precision.FP16, MemoryMode.RELEASE_AFTER_STAGE,
                2, java.util.Optional.empty(), java.util.Optional.empty());
        String m = assertThrows(ModelBundleException.class, () -> ModelBundle.open(fp16)).getMessage();
        assertTrue(m.contains("denoising_unet.fp16.onnx"), m);
    }
}
