package io.vexpress.core.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Turns the diffusers-style config dicts of the golden files into {@link SchedulerConfig}s. */
final class SchedulerConfigs {
    private SchedulerConfigs() {
    }

    static SchedulerConfig fromJson(JsonNode c, double eta) {
        return new SchedulerConfig(c.get("num_train_timesteps").asInt(), c.get("beta_start").asDouble(),
                c.get("beta_end").asDouble(),
                BetaSchedule.valueOf(c.get("beta_schedule").asText().toUpperCase(Locale.ROOT)),
                PredictionType.valueOf(c.get("prediction_type").asText().toUpperCase(Locale.ROOT)),
                c.get("rescale_betas_zero_snr").asBoolean(),
                TimestepSpacing.valueOf(c.get("timestep_spacing").asText().toUpperCase(Locale.ROOT)),
                c.get("steps_offset").asInt(), c.get("set_alpha_to_one").asBoolean(), eta,
                c.get("clip_sample").asBoolean(), c.get("clip_sample_range").asDouble());
    }
}
