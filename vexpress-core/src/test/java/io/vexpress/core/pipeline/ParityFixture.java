package io.vexpress.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.GenerationRequest;
import io.vexpress.RetargetStrategy;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The inputs and expected outputs of the PyTorch reference run (tools/tiny-models/make_tiny_bundle.py). Public for
 * the tests that use the engine only through the public API, from other packages.
 */
public final class ParityFixture {
    public final JsonNode params;
    public final RgbImage reference;
    public final PcmAudio audio;
    public final KeypointSequence keypoints;

    public ParityFixture() {
        try {
            params = new ObjectMapper().readTree(file("parity.json").toFile());
            reference = RgbImage.of(80, 96, Files.readAllBytes(file("reference_80x96.rgb")));
            audio = PcmAudio.mono(floats("audio_16k.f32"), 16000);
            keypoints = KeypointSequence.of(floats("keypoints_10x3x2.f32"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(String name) {
        return TinyBundle.resource("golden/pipeline/" + name);
    }

    public static float[] floats(String name) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file(name))).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reference run's request, writing to {@code output}. */
    public GenerationRequest.Builder request(VideoOutput output) {
        return GenerationRequest.builder()
                .setReferenceImage(reference)
                .setAudio(audio)
                .setOutput(output)
                .optKeypoints(keypoints)
                .optRetargetStrategy(RetargetStrategy.NO_RETARGET)
                .optFps(params.get("fps").asDouble())
                .optWidth(params.get("width").asInt())
                .optHeight(params.get("height").asInt())
                .optSeed(params.get("seed").asLong())
                .optSteps(params.get("steps").asInt())
                .optGuidanceScale(params.get("guidance").asDouble())
                .optContextFrames(params.get("context_frames").asInt())
                .optContextOverlap(params.get("context_overlap").asInt())
                .optReferenceAttentionWeight(params.get("ref_weight").asDouble())
                .optAudioAttentionWeight(params.get("audio_weight").asDouble());
    }
}
