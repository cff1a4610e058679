package io.vexpress.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Reads the golden files that {@code tools/goldens/conditioning.py} writes to {@code golden/conditioning/}. */
public final class ConditioningGoldens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConditioningGoldens() {
    }

    /** A JSON golden file. */
    public static JsonNode json(String name) {
        try (InputStream in = stream(name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resource of the golden folder. */
    public static InputStream stream(String name) {
        InputStream in = ConditioningGoldens.class.getResourceAsStream("/golden/conditioning/" + name);
        if (in == null) {
            throw new IllegalStateException("Missing golden file " + name + "; run tools/goldens/conditioning.py");
        }
        return in;
    }

    /** Little-endian float32 values stored as base64. */
    public static float[] floats(JsonNode base64) {
        byte[] bytes = Base64.getDecoder().decode(base64.asText());
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** A JSON array of numbers as floats. */
    public static float[] floatArray(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    /** A JSON array of integers. */
    public static int[] intArray(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** Index of the first difference, or -1. */
    public static int firstDifference(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            return Math.min(expected.length, actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                return i;
            }
        }
        return -1;
    }
}
