package io.vexpress.core.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vexpress.CancellationToken;
import io.vexpress.ModelBundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONNX Runtime run options of one generation, tied to its {@link CancellationToken}: cancelling sets
 * ONNX Runtime's terminate flag, so a long model call (the UNet) stops promptly instead of finishing.
 * When the sessions use memory arenas ({@link ExecutionSettings#arenaShrinkage()}), a second set of options
 * asks ONNX Runtime to shrink them at the end of a stage's last run ({@link AfterRun#SHRINK_ARENA}), so the
 * memory a stage's peak reserved goes back before the next stage starts. Close it when the generation ends.
 */
public final class RunControl implements AutoCloseable {
    /** ONNX Runtime's run option that frees the unused regions of the listed arenas when the run ends. */
    static final String ARENA_SHRINKAGE = "memory.enable_memory_arena_shrinkage";
    private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);
    private final OrtSession.RunOptions options;
    private final OrtSession.RunOptions shrinking;
    private final CancellationToken token;
    private final AutoCloseable registration;

    /** Creates run options and registers the terminate action with {@code token}; no arena shrinkage. */
    public RunControl(CancellationToken token) {
        this(token, null);
    }

    /**
     * @param arenaShrinkage the arenas to shrink after a stage's last run ({@link ExecutionSettings#arenaShrinkage()}),
     *     or null when there are none
     */
    public RunControl(CancellationToken token, String arenaShrinkage) {
        this.token = token;
        OrtSession.RunOptions plain = null;
        OrtSession.RunOptions shrink = null;
        try {
            plain = new OrtSession.RunOptions();
            if (arenaShrinkage != null) {
                shrink = new OrtSession.RunOptions();
                shrink.addRunConfigEntry(ARENA_SHRINKAGE, arenaShrinkage);
            }
        } catch (OrtException e) {
            if (plain != null) {
                plain.close();
            }
            if (shrink != null) {
                shrink.close();
            }
            throw new ModelBundleException("ONNX Runtime could not create run options: " + e.getMessage(), e);
        }
        options = plain;
        shrinking = shrink;
        registration = token.onCancel(this::terminate);
    }

    private void terminate() {
        try {
            options.setTerminate(true);
            if (shrinking != null) {
                shrinking.setTerminate(true);
            }
        } catch (OrtException e) {
            LOG.warn("Could not ask ONNX Runtime to stop the running model: {}", e.getMessage());
        }
    }

    /** The token this generation checks. */
    public CancellationToken token() {
        return token;
    }

    OrtSession.RunOptions options() {
        return options;
    }

    /** The options for a run that ends as {@code after} says. */
    OrtSession.RunOptions options(AfterRun after) {
        return after == AfterRun.SHRINK_ARENA && shrinking != null ? shrinking : options;
    }

    /** Whether {@link AfterRun#SHRINK_ARENA} runs shrink an arena (false when no session uses one). */
    public boolean shrinksArenas() {
        return shrinking != null;
    }

    @Override
    public void close() {
        try {
            registration.close();
        } catch (Exception e) {
            LOG.debug("unregistering the cancel action failed", e);
        }
        options.close();
        if (shrinking != null) {
            shrinking.close();
        }
    }
}
