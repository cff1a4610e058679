package io.vexpress.core.runtime;

import io.vexpress.GeneratorConfig;
import io.vexpress.MemoryMode;
import io.vexpress.Precision;
import io.vexpress.core.memory.MemoryCheck;
import io.vexpress.core.memory.PeakMemoryEstimator;
import io.vexpress.core.memory.ProcessMemory;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An opened, validated model bundle: its manifest, the sizes its models declare, and their sessions.
 *
 * <p>Opening validates every required model against the contract (docs/model-bundle.md) before anything
 * else runs. With {@link MemoryMode#KEEP_LOADED} the sessions opened for validation stay open for the
 * generations; with {@link MemoryMode#RELEASE_AFTER_STAGE} each is closed right after its check (one model
 * resident at a time) and reopened when its stage runs.
 */
public final class ModelBundle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelBundle.class);
    private final BundleManifest manifest;
    private final BundleDimensions dimensions;
    private final ExecutionSettings settings;
    private final ModelSessions sessions;

    private ModelBundle(BundleManifest manifest, BundleDimensions dimensions, ExecutionSettings settings, ModelSessions sessions) {
        this.manifest = manifest;
        this.dimensions = dimensions;
        this.settings = settings;
        this.sessions = sessions;
    }

    /**
     * Reads the manifest, resolves the device and validates every required model.
     *
     * @throws io.vexpress.ModelBundleException when the bundle is incomplete or breaks the contract
     * @throws io.vexpress.InvalidInputException when CUDA was requested but is not available
     */
    public static ModelBundle open(GeneratorConfig config) {
        BundleManifest manifest = BundleManifest.read(config.modelBundle());
        ExecutionSettings settings = ExecutionSettings.resolve(config);
        boolean fp16 = config.precision() == Precision.FP16;
        if (MemoryCheck.enabled()) {
            Map<ModelComponent, java.nio.file.Path> files = new EnumMap<>(ModelComponent.class);
            for (ModelComponent c : ModelComponent.values()) {
                if (c.required()) {
                    files.put(c, manifest.modelFile(c, fp16));
                }
            }
            MemoryCheck.requireLoadFits(PeakMemoryEstimator.loadBytes(files, config.memoryMode()), ProcessMemory.now(),
                    config.memoryMode(), settings.device().kind() == io.vexpress.Device.Kind.CUDA);
        }
        ModelSessions sessions = new ModelSessions(manifest, settings, config.memoryMode(), fp16);
        try {
            Map<ModelComponent, ModelSignature> signatures = new EnumMap<>(ModelComponent.class);
            for (ModelComponent c : ModelComponent.values()) {
                if (!c.required()) {
                    continue;
                }
                ModelSession s = ModelSession.open(c, manifest.modelFile(c, config.precision() == Precision.FP16), settings);
                signatures.put(c, s.signature());
                if (config.memoryMode() == MemoryMode.KEEP_LOADED) {
                    sessions.adopt(s);
                } else {
                    s.close();
                }
            }
            BundleDimensions dims = ModelContract.validate(signatures, manifest.numPadAudioFrames());
            LOG.info("Model bundle {} loaded on {}: {}", config.modelBundle(), settings.device(), dims);
            return new ModelBundle(manifest, dims, settings, sessions);
        } catch (RuntimeException e) {
            sessions.close();
            throw e;
        }
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public BundleDimensions dimensions() {
        return dimensions;
    }

    public ExecutionSettings settings() {
        return settings;
    }

    public ModelSessions sessions() {
        return sessions;
    }

    @Override
    public void close() {
        sessions.close();
    }
}
