package io.vexpress.core.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.core.runtime.TinyBundle;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the verification cases the export tool writes ({@code <bundle>/verification/<case>/}:
 * random inputs and the PyTorch outputs as .npy) through ONNX Runtime for Java, for environments
 * without onnxruntime for Python. For an export of yours:
 * {@code mvn -pl vexpress-core -am test -Dtest=ExportedBundleVerificationTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dvexpress.export.verification=<bundle>/verification}.
 * Without that property it replays the committed V-Express-architecture bundle's cases
 * (tools/tiny-models/make_vexpress_arch_bundle.sh): V-Express's own modules in PyTorch against their
 * export, memory-efficient attention included.
 */
class ExportedBundleVerificationTest {

    private static final Logger LOG = LoggerFactory.getLogger(ExportedBundleVerificationTest.class);

    @TestFactory
    Stream<DynamicTest> exportedModelsReproduceTorch() throws IOException {
        String property = System.getProperty("vexpress.export.verification", "");
        Path root = property.isBlank()
                ? TinyBundle.resource("vexpress-arch-bundle").resolve("verification")
                : Path.of(property);
        assumeTrue(Files.isDirectory(root), root + " is not a directory");
        List<Path> cases;
        try (Stream<Path> list = Files.list(root)) {
            cases = list.filter(p -> Files.isRegularFile(p.resolve("case.json"))).sorted().toList();
        }
        assertTrue(!cases.isEmpty(), "no verification cases in " + root);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> verify(c)));
    }

    private static void verify(Path caseDir) throws Exception {
        JsonNode spec = new ObjectMapper().readTree(caseDir.resolve("case.json").toFile());
        Path model = caseDir.getParent().getParent().resolve(spec.get("model").asText());
        double tolerance = spec.get("max_relative_error").asDouble();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(model.toString(), options)) {
            for (JsonNode name : spec.get("inputs")) {
                NpyArray array = NpyArray.read(caseDir.resolve("inputs").resolve(name.asText() + ".npy"));
                inputs.put(name.asText(), array.isFloat()
                        ? OnnxTensor.createTensor(env, FloatBuffer.wrap(array.floats()), array.shape())
                        : array.isBytes()
                        ? OnnxTensor.createTensor(env, array.bytes(), array.shape(), ai.onnxruntime.OnnxJavaType.UINT8)
                        : OnnxTensor.createTensor(env, LongBuffer.wrap(array.longs()), array.shape()));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                for (JsonNode name : spec.get("outputs")) {
                    NpyArray expected = NpyArray.read(caseDir.resolve("expected").resolve(name.asText() + ".npy"));
                    OnnxTensor actual = (OnnxTensor) result.get(name.asText()).orElseThrow(
                            () -> new AssertionError(model + " has no output " + name.asText()));
                    assertArrayEquals(expected.shape(), actual.getInfo().getShape(), name.asText() + " shape");
                    double error = relativeError(actual.getFloatBuffer(), expected.floats());
                    LOG.info("{} {}: max relative error {} (tolerance {})", caseDir.getFileName(), name.asText(),
                            String.format("%.3g", error), tolerance);
                    assertTrue(error <= tolerance, String.format("%s %s: max relative error %.3g > %.3g",
                            caseDir.getFileName(), name.asText(), error, tolerance));
                }
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static double relativeError(FloatBuffer actual, float[] expected) {
        double scale = 1e-12;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(actual.get(i) - (double) expected[i]));
        }
        return worst / scale;
    }
}
