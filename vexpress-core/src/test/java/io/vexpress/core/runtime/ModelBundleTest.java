package io.vexpress.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.Device;
import io.vexpress.InvalidInputException;
import io.vexpress.MemoryMode;
import io.vexpress.ModelBundleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    @Test
    void readsTheSizesFromTheModels() {
        try (ModelBundle bundle = ModelBundle.open(TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.KEEP_LOADED))) {
            BundleDimensions d = bundle.dimensions();
            assertEquals(4, d.latentChannels());
            assertEquals(8, d.kpsChannels());
            assertEquals(32, d.audioFeatureWidth());
            assertEquals(32, d.audioTokenWidth());
            assertEquals(5, d.audioTokens());
            assertEquals(0, d.timestepRank());
            assertEquals(List.of(new BundleDimensions.ReferenceFeature("ref_0", 16), new BundleDimensions.ReferenceFeature("ref_1", 8)),
                    d.referenceFeatures());
            assertEquals(0.18215, bundle.manifest().scalingFactor(), 0);
            assertEquals(2, bundle.manifest().numPadAudioFrames());
            EnumSet<ModelComponent> required = EnumSet.allOf(ModelComponent.class);
            required.remove(ModelComponent.FACE_DETECTOR);
            assertEquals(required, bundle.sessions().openComponents(), "keep-loaded keeps every validated session");
        }
    }

    @Test
    void releaseModeKeepsNothingOpenAfterValidation() {
        try (ModelBundle bundle = ModelBundle.open(TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.RELEASE_AFTER_STAGE))) {
            assertTrue(bundle.sessions().openComponents().isEmpty());
            bundle.sessions().acquire(ModelComponent.VAE_DECODER);
            assertEquals(EnumSet.of(ModelComponent.VAE_DECODER), bundle.sessions().openComponents());
            bundle.sessions().release(ModelComponent.VAE_DECODER);
            assertTrue(bundle.sessions().openComponents().isEmpty());
        }
    }

    @Test
    void wrongInputShapeNamesFileInputAndSizes(@TempDir Path tmp) throws IOException {
        Path bundle = TinyBundle.copyTo(tmp.resolve("bundle"));
        Files.copy(TinyBundle.resource("contract-violations/denoising_unet_kps9.onnx"), bundle.resolve("denoising_unet.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        ModelBundleException e = assertThrows(ModelBundleException.class,
                () -> ModelBundle.open(TinyBundle.config(bundle, Device.cpu(), MemoryMode.KEEP_LOADED)));
        String m = e.getMessage();
        assertTrue(m.contains("denoising_unet.onnx") && m.contains("input 'kps_features'") && m.contains("Ck")
                && m.contains("= 8") && m.contains("v_kps_guider.onnx") && m.contains("found 9"), m);
    }

    @Test
    void missingRequiredModelsAreListed(@TempDir Path tmp) throws IOException {
        Path bundle = TinyBundle.copyTo(tmp.resolve("bundle"));
        String manifest = Files.readString(bundle.resolve("manifest.json"))
                .replace("\"v_kps_guider\": \"v_kps_guider.onnx\",", "")
                .replace("\"audio_projection\": \"audio_projection.onnx\"", "\"face_detector_unused\": \"x\"");
        Files.writeString(bundle.resolve("manifest.json"), manifest);
        ModelBundleException e = assertThrows(ModelBundleException.class,
                () -> ModelBundle.open(TinyBundle.config(bundle, Device.cpu(), MemoryMode.KEEP_LOADED)));
        assertTrue(e.getMessage().contains("incomplete") && e.getMessage().contains("v_kps_guider, audio_projection"), e.getMessage());
    }

    @Test
    void missingFileAndManifestAreClear(@TempDir Path tmp) throws IOException {
        ModelBundleException none = assertThrows(ModelBundleException.class,
                () -> ModelBundle.open(TinyBundle.config(tmp, Device.cpu(), MemoryMode.KEEP_LOADED)));
        assertTrue(none.getMessage().contains("has no manifest.json"), none.getMessage());
        Path bundle = TinyBundle.copyTo(tmp.resolve("bundle"));
        Files.delete(bundle.resolve("vae_decoder.onnx"));
        ModelBundleException gone = assertThrows(ModelBundleException.class,
                () -> ModelBundle.open(TinyBundle.config(bundle, Device.cpu(), MemoryMode.KEEP_LOADED)));
        assertTrue(gone.getMessage().contains("vae_decoder.onnx") && gone.getMessage().contains("does not exist"), gone.getMessage());
    }

    @Test
    void cudaWithoutTheGpuBuildFailsClearlyAndAutoFallsBackToCpu() {
        var providers = ai.onnxruntime.OrtEnvironment.getAvailableProviders();
        org.junit.jupiter.api.Assumptions.assumeFalse(providers.contains(ai.onnxruntime.OrtProvider.CUDA),
                "this class path has ONNX Runtime's CUDA provider");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelBundle.open(TinyBundle.config(TinyBundle.folder(), Device.cuda(0), MemoryMode.KEEP_LOADED)));
        assertTrue(e.getMessage().contains("cuda:0") && e.getMessage().contains("-Pcuda"), e.getMessage());
        try (ModelBundle auto = ModelBundle.open(TinyBundle.config(TinyBundle.folder(), Device.auto(), MemoryMode.RELEASE_AFTER_STAGE))) {
            assertEquals(Device.cpu(), auto.settings().device());
        }
    }
}
