package io.vexpress.core.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.vexpress.core.runtime.AfterRun;
import io.vexpress.core.runtime.BundleDimensions;
import io.vexpress.core.runtime.ModelBundle;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.core.runtime.OrtTensors;
import io.vexpress.core.runtime.RunControl;
import io.vexpress.core.tensor.FloatTensor;
import io.vexpress.media.RgbImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The REFERENCE stage, V-Express's {@code prepare_reference_latent} and the reference net's single "write"
 * pass: RGB → {@code x / 255 * 2 - 1} → VAE encoder mean → {@code * scaling_factor} → reference net → the
 * reference features.
 */
final class ReferenceEncoder {
    private ReferenceEncoder() {
    }

    static ReferenceFeatures encode(RgbImage image, ModelBundle bundle, RunControl control) {
        int w = image.width();
        int h = image.height();
        FloatBuffer pixels = OrtTensors.directFloats(3 * w * h);
        byte[] rgb = image.toRgbBytes();
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                // VaeImageProcessor: float32 /255 then 2x - 1, both in float32
                float v = (rgb[i * 3 + c] & 0xFF) / 255f;
                pixels.put(c * plane + i, 2f * v - 1f);
            }
        }
        BundleDimensions dims = bundle.dimensions();
        int lh = h / 8;
        int lw = w / 8;
        FloatBuffer latent = OrtTensors.directFloats(dims.latentChannels() * lh * lw);
        float scaling = (float) bundle.manifest().scalingFactor();
        try (OnnxTensor in = OrtTensors.view(pixels, 1, 3, h, w);
             OrtSession.Result r = bundle.sessions().acquire(ModelComponent.VAE_ENCODER).run(Map.of("image", in), control,
                     AfterRun.SHRINK_ARENA)) {
            long[] shape = ModelIo.shape(r, "latent_mean");
            ModelIo.expect("vae_encoder", "latent_mean", shape, 2, lh);
            ModelIo.expect("vae_encoder", "latent_mean", shape, 3, lw);
            FloatBuffer mean = ModelIo.floats(r, "latent_mean");
            for (int i = 0; i < latent.capacity(); i++) {
                latent.put(i, mean.get(i) * scaling);
            }
        }
        List<String> names = new ArrayList<>();
        List<FloatTensor> features = new ArrayList<>();
        try (OnnxTensor in = OrtTensors.view(latent, 1, dims.latentChannels(), lh, lw);
             OrtSession.Result r = bundle.sessions().acquire(ModelComponent.REFERENCE_NET).run(Map.of("latent", in), control,
                     AfterRun.SHRINK_ARENA)) {
            for (BundleDimensions.ReferenceFeature f : dims.referenceFeatures()) {
                long[] shape = ModelIo.shape(r, f.name());
                ModelIo.expect("reference_net", f.name(), shape, 2, f.channels());
                FloatTensor t = FloatTensor.zeros(1, (int) shape[1], (int) shape[2]);
                FloatBuffer out = ModelIo.floats(r, f.name());
                t.buffer().put(out);
                names.add(f.name());
                features.add(t);
            }
        }
        return new ReferenceFeatures(names, features);
    }
}
