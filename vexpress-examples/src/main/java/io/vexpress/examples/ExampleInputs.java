package io.vexpress.examples;

import io.vexpress.GenerationRequest;
import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.examples.demo.DemoPortrait;
import io.vexpress.keypoints.FaceKeypoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The inputs of an example program: your own files from the command line
 * ({@code <models> <reference-image> <audio> <kps.pth> <output.mp4>}), or, with no arguments, the demo's
 * inputs and the tiny random-weight bundle shipped in the jar.
 *
 * @param models the model bundle folder
 * @param referenceImage the portrait
 * @param audio the speech
 * @param keypoints the driving keypoint sequence
 * @param output the MP4 to write
 * @param referenceKeypoints the portrait's face keypoints when known (the demo's drawn face); otherwise
 *     the bundle's face detector finds them
 * @param steps denoising steps (V-Express's 25; the tests use fewer)
 */
public record ExampleInputs(Path models, Path referenceImage, Path audio, Path keypoints, Path output,
                            Optional<FaceKeypoints> referenceKeypoints, int steps) {

    /** Parses the five arguments, or makes the demo inputs in a temporary folder when there are none. */
    public static ExampleInputs fromArgs(String[] args, String outputName) {
        if (args.length == 5) {
            return new ExampleInputs(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]),
                    Path.of(args[4]), Optional.empty(), GenerationRequest.DEFAULT_STEPS);
        }
        if (args.length != 0) {
            throw new IllegalArgumentException("Usage: <models> <reference-image> <audio> <kps.pth> <output.mp4>,"
                    + " or no arguments for the demo inputs and the tiny stand-in models");
        }
        try {
            Path folder = Files.createTempDirectory("vexpress-example");
            DemoAssets demo = DemoAssets.create(folder, 30);
            Files.createDirectories(Path.of("out"));
            return new ExampleInputs(demo.bundle(), demo.portrait(), demo.speech(), demo.keypoints(),
                    Path.of("out", outputName), Optional.of(DemoPortrait.KEYPOINTS), GenerationRequest.DEFAULT_STEPS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
