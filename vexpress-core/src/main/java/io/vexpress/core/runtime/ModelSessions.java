package io.vexpress.core.runtime;

import io.vexpress.MemoryMode;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one generator. They open lazily on first use; with {@link MemoryMode#RELEASE_AFTER_STAGE}
 * each is closed again by {@link #release} when its stage is done (V-Express's {@code --save_gpu_memory}),
 * with {@link MemoryMode#KEEP_LOADED} they stay open until {@link #close()}.
 *
 * <p>Not thread-safe: the generator serialises generations.
 */
public final class ModelSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSessions.class);
    private final BundleManifest manifest;
    private final ExecutionSettings settings;
    private final MemoryMode mode;
    private final boolean fp16;
    private final Map<ModelComponent, ModelSession> open = new EnumMap<>(ModelComponent.class);
    private int opened;

    ModelSessions(BundleManifest manifest, ExecutionSettings settings, MemoryMode mode, boolean fp16) {
        this.manifest = manifest;
        this.settings = settings;
        this.mode = mode;
        this.fp16 = fp16;
    }

    /** The session of {@code component}, opening it if needed. */
    public ModelSession acquire(ModelComponent component) {
        ModelSession s = open.get(component);
        if (s == null) {
            long start = System.nanoTime();
            s = ModelSession.open(component, manifest.modelFile(component, fp16), settings);
            opened++;
            open.put(component, s);
            LOG.debug("Opened {} in {} ms", component.manifestName(), (System.nanoTime() - start) / 1_000_000);
        }
        return s;
    }

    /** Keeps an already opened session (used by validation, which opens every model once). */
    void adopt(ModelSession session) {
        open.put(session.component(), session);
        opened++;
    }

    /** Marks {@code component}'s stage as done: closes its session in {@link MemoryMode#RELEASE_AFTER_STAGE}. */
    public void release(ModelComponent component) {
        if (mode == MemoryMode.RELEASE_AFTER_STAGE) {
            ModelSession s = open.remove(component);
            if (s != null) {
                s.close();
            }
        }
    }

    /** Which sessions are open now (for tests and diagnostics). */
    public java.util.Set<ModelComponent> openComponents() {
        return java.util.Collections.unmodifiableSet(open.keySet());
    }

    /** How many sessions were created so far, including reopened ones. */
    public int sessionsOpened() {
        return opened;
    }

    public MemoryMode mode() {
        return mode;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (ModelSession s : open.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
