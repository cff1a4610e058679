package io.vexpress.core.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads the golden files that tools/goldens/diffusion.py wrote under golden/diffusion/ (cached per JVM). */
public final class DiffusionGoldens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

    private DiffusionGoldens() {
    }

    public static JsonNode load(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = DiffusionGoldens.class.getResourceAsStream("/golden/diffusion/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("Missing golden file " + n + "; run tools/goldens/diffusion.py");
                }
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
