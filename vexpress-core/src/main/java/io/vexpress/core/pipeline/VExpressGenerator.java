package io.vexpress.core.pipeline;

import io.vexpress.CancellationToken;
import io.vexpress.GenerationCancelledException;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.GeneratorConfig;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.memory.MemoryFailures;
import io.vexpress.core.runtime.ModelBundle;
import io.vexpress.progress.ProgressListener;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link TalkingHeadGenerator} on ONNX Runtime. It owns the validated model bundle and its sessions.
 *
 * <p>Thread safety: generations on one generator are serialised (a fair lock; a waiting generation ends as soon as
 * its token is cancelled or its thread interrupted), because ONNX Runtime sessions are shared and the memory modes assume one generation at a
 * time. For parallel generations build one generator per thread.
 */
final class VExpressGenerator implements TalkingHeadGenerator {
    private final GeneratorConfig config;
    private final ModelBundle bundle;
    private final ReferenceFaceFinder faces;
    /** How often a generation waiting for the lock looks at its cancellation token. */
    static final long WAIT_POLL_MILLIS = 20;
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean closed;
    private volatile DenoisingStats lastStats;
    private FrameTiming frameTiming = FrameTiming.DEFAULT;

    VExpressGenerator(GeneratorConfig config) {
        this.config = config;
        try {
            this.bundle = ModelBundle.open(config);
        } catch (OutOfMemoryError e) {
            throw MemoryFailures.fromError(e);
        }
        this.faces = new ReferenceFaceFinder(config, bundle.manifest());
    }

    @Override
    public GeneratorConfig config() {
        return config;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, ProgressListener listener, CancellationToken cancellation) {
        CancellationToken token = cancellation == null ? new CancellationToken() : cancellation;
        acquire(token);
        try {
            if (closed) {
                throw new IllegalStateException("This generator is closed.");
            }
            Generation generation = new Generation(config, bundle, faces, request, listener, token, frameTiming);
            try {
                return generation.run();
            } catch (OutOfMemoryError e) {
                // the failed allocation was not made, and the stages' buffers are unreachable now
                throw MemoryFailures.fromError(e);
            } catch (RuntimeException e) {
                // e.g. an encoder or a worker thread that wrapped a JavaCPP or JVM out-of-memory error
                throw MemoryFailures.find(e).map(m -> (RuntimeException) m).orElse(e);
            } finally {
                lastStats = generation.stats();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the generation running on this generator, if any, while watching {@code token}: a cancellation or an
     * interrupt ends the wait at once (within {@link #WAIT_POLL_MILLIS}), not when the other generation ends.
     */
    private void acquire(CancellationToken token) {
        try {
            while (!lock.tryLock(WAIT_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (token.isCancelled()) {
                    throw new GenerationCancelledException("Cancelled while waiting for another generation on this generator.");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationCancelledException("Interrupted while waiting for another generation on this generator.");
        }
        if (token.isCancelled()) {
            lock.unlock();
            throw new GenerationCancelledException("Generation cancelled.");
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
