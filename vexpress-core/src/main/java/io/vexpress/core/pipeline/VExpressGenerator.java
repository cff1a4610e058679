package io.vexpress.core.pipeline;

import io.vexpress.CancellationToken;
import io.vexpress.GenerationCancelledException;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.GeneratorConfig;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.runtime.ModelBundle;
import io.vexpress.progress.ProgressListener;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link TalkingHeadGenerator} on ONNX Runtime. It owns the validated model bundle and its sessions.
 *
 * <p>Thread safety: generations on one generator are serialised (a fair lock; a waiting thread can be
 * interrupted), because ONNX Runtime sessions are shared and the memory modes assume one generation at a
 * time. For parallel generations build one generator per thread.
 */
final class VExpressGenerator implements TalkingHeadGenerator {
    private final GeneratorConfig config;
    private final ModelBundle bundle;
    private final ReferenceFaceFinder faces;
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean closed;
    private volatile DenoisingStats lastStats;
    private FrameTiming frameTiming = FrameTiming.DEFAULT;

    VExpressGenerator(GeneratorConfig config) {
        this.config = config;
        this.bundle = ModelBundle.open(config);
        this.faces = new ReferenceFaceFinder(config, bundle.manifest());
    }

    @Override
    public GeneratorConfig config() {
        return config;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, ProgressListener listener, CancellationToken cancellation) {
        CancellationToken token = cancellation == null ? new CancellationToken() : cancellation;
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationCancelledException("Interrupted while waiting for another generation on this generator.");
        }
        try {
            if (closed) {
                throw new IllegalStateException("This generator is closed.");
            }
            Generation generation = new Generation(config, bundle, faces, request, listener, token, frameTiming);
            try {
                return generation.run();
            } finally {
                lastStats = generation.stats();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Test hook: replaces the frame-count rule (to reach window layouts the default rule never produces). */
    void overrideFrameTiming(FrameTiming timing) {
        frameTiming = timing == null ? FrameTiming.DEFAULT : timing;
    }

    /** The denoising statistics of the last generation (null if it did not reach denoising). */
    DenoisingStats lastStats() {
        return lastStats;
    }

    /** The bundle (for tests). */
    ModelBundle bundle() {
        return bundle;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                try {
                    faces.close();
                } finally {
                    bundle.close();
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
