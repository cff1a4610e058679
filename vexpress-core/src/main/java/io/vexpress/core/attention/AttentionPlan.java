package io.vexpress.core.attention;

import io.vexpress.AttentionSchedule;
import io.vexpress.AttentionWeights;
import io.vexpress.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The attention weights for every denoising step of one generation, resolved from an
 * {@link AttentionSchedule} once before the loop, so that the loop hands the denoiser ready-made values and
 * allocates nothing.
 *
 * <p>Each step's weights are validated ({@link AttentionWeights} rejects NaN, infinite and negative values);
 * values outside V-Express's documented ranges (reference 0.9–1.0, audio 1.0–3.0) are allowed and reported in
 * {@link #warnings()}, once per distinct message (the generation passes them on; nothing is logged here).
 */
public final class AttentionPlan {
    /** V-Express's documented reference-attention range. */
    public static final double REFERENCE_MIN = AttentionWeights.REFERENCE_MIN;
    public static final double REFERENCE_MAX = AttentionWeights.REFERENCE_MAX;
    /** V-Express's documented audio-attention range. */
    public static final double AUDIO_MIN = AttentionWeights.AUDIO_MIN;
    public static final double AUDIO_MAX = AttentionWeights.AUDIO_MAX;

    private final AttentionWeights[] perStep;
    private final List<String> warnings;

    private AttentionPlan(AttentionWeights[] perStep, List<String> warnings) {
        this.perStep = perStep;
        this.warnings = warnings;
    }

    /** The same weights at every step: what V-Express does. */
    public static AttentionPlan constant(AttentionWeights weights, int steps) {
        Objects.requireNonNull(weights, "weights");
        return of(AttentionSchedule.constant(weights), steps);
    }

    /**
     * Evaluates {@code schedule} at steps {@code 0 .. steps-1}.
     *
     * @throws InvalidInputException if the schedule returns null at some step (invalid weights cannot be built)
     */
    public static AttentionPlan of(AttentionSchedule schedule, int steps) {
        Objects.requireNonNull(schedule, "schedule");
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        AttentionWeights[] perStep = new AttentionWeights[steps];
        Set<String> warnings = new LinkedHashSet<>();
        for (int i = 0; i < steps; i++) {
            AttentionWeights w = schedule.weightsAt(i, steps);
            if (w == null) {
                throw new InvalidInputException("The attention schedule returned no weights for step " + i + " of "
                        + steps + ". Return an AttentionWeights for every step.");
            }
            perStep[i] = w; // a record: already validated when it was made
            warnings.addAll(w.warnings());
        }
        List<String> list = Collections.unmodifiableList(new ArrayList<>(warnings));
        return new AttentionPlan(perStep, list);
    }

    /** Number of steps planned. */
    public int steps() {
        return perStep.length;
    }

    /** The weights for 0-based step {@code step}. */
    public AttentionWeights at(int step) {
        return perStep[step];
    }

    /** Whether every step uses the same weights (the reference's behaviour). */
    public boolean isConstant() {
        for (AttentionWeights w : perStep) {
            if (!w.equals(perStep[0])) {
                return false;
            }
        }
        return true;
    }

    /** Messages about values outside the recommended ranges; empty when all are inside. */
    public List<String> warnings() {
        return warnings;
    }
}
