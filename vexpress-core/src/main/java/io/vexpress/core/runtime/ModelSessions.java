package io.vexpress.core.runtime;

import io.vexpress.MemoryMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one generator. They open lazily on first use; with {@link MemoryMode#RELEASE_AFTER_STAGE}
 * each is closed again by {@link #release} when its stage is done (V-Express's {@code --save_gpu_memory}),
 * with {@link MemoryMode#KEEP_LOADED} they stay open until {@link #close()}.
 *
 * <p>With several devices ({@link io.vexpress.GeneratorConfig#devices()}) every model runs on the first one and
 * {@link #acquireOnEveryDevice} opens one more session of a model on each further device (the denoising UNet,
 * whose context windows are spread over them); {@link #release} and {@link #close} close those too.
 *
 * <p>Not thread-safe: the generator serialises generations.
 */
public final class ModelSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSessions.class);
    private final BundleManifest manifest;
    private final ExecutionSettings settings;
    private final List<ExecutionSettings> devices;
    private final MemoryMode mode;
    private final boolean fp16;
    private final Map<ModelComponent, ModelSession> open = new EnumMap<>(ModelComponent.class);
    /** Per component: its sessions on the second, third... device. */
    private final Map<ModelComponent, List<ModelSession>> onOtherDevices = new EnumMap<>(ModelComponent.class);
    private int opened;

    /** @param devices the settings of every device, the first one's for every model */
    ModelSessions(BundleManifest manifest, List<ExecutionSettings> devices, MemoryMode mode, boolean fp16) {
        this.manifest = manifest;
        this.settings = devices.get(0);
        this.devices = List.copyOf(devices);
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

    /**
     * One session of {@code component} per device, the first device's ({@link #acquire}) first, opening those
     * not open yet.
     */
    public List<ModelSession> acquireOnEveryDevice(ModelComponent component) {
        List<ModelSession> all = new ArrayList<>(devices.size());
        all.add(acquire(component));
        List<ModelSession> others = onOtherDevices.computeIfAbsent(component, c -> new ArrayList<>());
        for (int d = others.size() + 1; d < devices.size(); d++) {
            long start = System.nanoTime();
            others.add(ModelSession.open(component, manifest.modelFile(component, fp16), devices.get(d)));
            opened++;
            LOG.debug("Opened {} on {} in {} ms", component.manifestName(), devices.get(d).device(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        all.addAll(others);
        return all;
    }

    /** How many devices the sessions are spread over. */
    public int deviceCount() {
        return devices.size();
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
            List<ModelSession> others = onOtherDevices.remove(component);
            if (others != null) {
                others.forEach(ModelSession::close);
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
        List<ModelSession> all = new ArrayList<>(open.values());
        onOtherDevices.values().forEach(all::addAll);
        for (ModelSession s : all) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        open.clear();
        onOtherDevices.clear();
        if (first != null) {
            throw first;
        }
    }
}
