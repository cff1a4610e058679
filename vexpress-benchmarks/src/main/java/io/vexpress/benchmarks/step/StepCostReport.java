package io.vexpress.benchmarks.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns {@link DenoisingStepBenchmark}'s JMH results (run with {@code -prof gc -rf json}) into the cost of
 * one denoising step: the score difference between the 12-step and the 2-step generation over 10, for time
 * and for allocated bytes, per bundle.
 *
 * <pre>java -cp vexpress-benchmarks/target/benchmarks.jar io.vexpress.benchmarks.step.StepCostReport jmh-result.json [real-step-ms]</pre>
 *
 * The optional second argument is the assumed time of one guided 24-frame denoiser call of the real model,
 * used to express the overhead as a fraction of a real step (default 1000 ms, see vexpress-benchmarks/README.md).
 */
public final class StepCostReport {
    private StepCostReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: StepCostReport jmh-result.json [assumed-real-step-ms]");
            System.exit(2);
        }
        double realStepMs = args.length > 1 ? Double.parseDouble(args[1]) : 1000;
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Map<String, double[]> byBundle = new TreeMap<>(); // bundle -> {ms2, ms12, bytes2, bytes12}
        for (JsonNode r : results) {
            if (!r.get("benchmark").asText().endsWith("DenoisingStepBenchmark.generateOneWindow")) {
                continue;
            }
            String bundle = r.get("params").get("bundle").asText();
            int steps = r.get("params").get("steps").asInt();
            double ms = r.get("primaryMetric").get("score").asDouble();
            JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
            double bytes = alloc.isMissingNode() ? Double.NaN : alloc.asDouble();
            double[] v = byBundle.computeIfAbsent(bundle, b -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            int i = steps == 2 ? 0 : steps == 12 ? 1 : -1;
            if (i >= 0) {
                v[i] = ms;
                v[2 + i] = bytes;
            }
        }
        System.out.printf(Locale.ROOT, "%-16s %14s %18s %26s%n", "bundle", "ms per step", "bytes per step",
                "% of a " + (long) realStepMs + " ms real step");
        for (Map.Entry<String, double[]> e : byBundle.entrySet()) {
            double[] v = e.getValue();
            double msPerStep = (v[1] - v[0]) / 10;
            double bytesPerStep = (v[3] - v[2]) / 10;
            System.out.printf(Locale.ROOT, "%-16s %14.2f %18.0f %25.2f%%%n", e.getKey(), msPerStep, bytesPerStep,
                    100 * msPerStep / realStepMs);
        }
    }
}
