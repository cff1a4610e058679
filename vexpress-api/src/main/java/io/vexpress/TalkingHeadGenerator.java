package io.vexpress;

import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.progress.ProgressListener;
import io.vexpress.spi.GenerationEngineProvider;
import io.vexpress.spi.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a portrait, a speech recording and (optionally) a face-keypoint sequence into a talking-head
 * video with V-Express.
 *
 * <pre>{@code
 * try (TalkingHeadGenerator generator = TalkingHeadGenerator.builder()
 *         .setModelBundle(Path.of("models/v-express"))
 *         .optDevice(Device.auto())
 *         .build()) {
 *     GenerationResult result = generator.generate(GenerationRequest.builder()
 *             .setReferenceImage(Path.of("ref.jpg"))
 *             .setAudio(Path.of("aud.mp3"))
 *             .setOutput(Path.of("out.mp4"))
 *             .optReferenceKeypoints(new FaceKeypoints(190, 220, 320, 220, 255, 300))
 *             .build());
 * }
 * }</pre>
 *
 * <p>A generator holds native model sessions: close it. It may be shared between threads; generations
 * on one generator run one at a time (each waits for the previous), so use one generator per thread
 * for parallel work.
 */
public interface TalkingHeadGenerator extends AutoCloseable {

    /** A builder; requires vexpress-core on the class path at {@link Builder#build()}. */
    static Builder builder() {
        return new Builder();
    }

    /** The settings this generator was built with. */
    GeneratorConfig config();

    /** Generates without progress reporting or cancellation (interrupting the thread still cancels). */
    default GenerationResult generate(GenerationRequest request) {
        return generate(request, ProgressListener.NONE, new CancellationToken());
    }

    /**
     * Generates the video.
     *
     * @param request what to generate
     * @param listener receives progress events on this thread
     * @param cancellation cancel it from another thread to stop; no output is left behind
     * @throws InvalidInputException for unusable inputs (checked before heavy work)
     * @throws ModelBundleException when a model cannot be loaded or run
     * @throws MediaException when an input cannot be decoded or the output cannot be written
     * @throws GenerationCancelledException when cancelled or interrupted
     * @throws InsufficientMemoryException when the generation does not fit in memory: found before heavy work
     *         by the peak-memory estimate, or when an allocation failed (docs/pipeline.md, "Memory")
     */
    GenerationResult generate(GenerationRequest request, ProgressListener listener, CancellationToken cancellation);

    /** Releases every model session. */
    @Override
    void close();

    /**
     * Builds a {@link TalkingHeadGenerator}. Required: {@link #setModelBundle(Path)}; the rest is optional.
     */
    final class Builder {
        private Path modelBundle;
        private Device device = Device.cpu();
        private Precision precision = Precision.FP32;
        private MemoryMode memoryMode = MemoryMode.KEEP_LOADED;
        private int intraOpThreads;
        private Path faceDetectorModel;
        private FaceKeypointDetector faceDetector;

        private Builder() {
        }

        /** Required: the model bundle folder (see docs/model-bundle.md and tools/export). */
        public Builder setModelBundle(Path folder) {
            modelBundle = folder;
            return this;
        }

        /** Default {@link Device#cpu()}. */
        public Builder optDevice(Device where) {
            device = where;
            return this;
        }

        /** Default {@link Precision#FP32}. */
        public Builder optPrecision(Precision hint) {
            precision = hint;
            return this;
        }

        /** Default {@link MemoryMode#KEEP_LOADED}; {@link MemoryMode#RELEASE_AFTER_STAGE} is {@code --save_gpu_memory}. */
        public Builder optMemoryMode(MemoryMode mode) {
            memoryMode = mode;
            return this;
        }

        /** ONNX Runtime intra-op threads; default 0 lets ONNX Runtime use all cores. */
        public Builder optIntraOpThreads(int threads) {
            intraOpThreads = threads;
            return this;
        }

        /** A SCRFD {@code det_10g.onnx} (insightface buffalo_l) for finding the reference face's keypoints. */
        public Builder optFaceDetectorModel(Path onnxFile) {
            faceDetectorModel = onnxFile;
            return this;
        }

        /** Your own face detector, used instead of SCRFD; the generator does not close it. */
        public Builder optFaceDetector(FaceKeypointDetector detector) {
            faceDetector = detector;
            return this;
        }

        /**
         * The validated settings, without creating an engine.
         *
         * @throws ModelBundleException when no bundle is set or its folder does not exist
         * @throws InvalidInputException for other bad settings
         */
        public GeneratorConfig toConfig() {
            if (modelBundle == null) {
                throw new ModelBundleException(Setting.MODEL_BUNDLE, "No model bundle: give the folder the export tool wrote"
                        + " (tools/export, docs/model-bundle.md) to {MODEL_BUNDLE}, or the demo's stand-in from"
                        + " ModelBundles.unpack(\"tiny\", folder).");
            }
            if (!Files.isDirectory(modelBundle)) {
                throw new ModelBundleException(Setting.MODEL_BUNDLE, "Model bundle folder " + modelBundle.toAbsolutePath()
                        + (Files.exists(modelBundle) ? " is a file, not a folder." : " does not exist.")
                        + " Export one with tools/export (see docs/model-bundle.md) and give it to {MODEL_BUNDLE}.");
            }
            if (device == null) {
                throw new InvalidInputException(Setting.DEVICE, "Device ({DEVICE}) must not be null.");
            }
            if (precision == null) {
                throw new InvalidInputException(Setting.PRECISION, "Precision ({PRECISION}) must not be null.");
            }
            if (memoryMode == null) {
                throw new InvalidInputException(Setting.MEMORY_MODE, "Memory mode ({MEMORY_MODE}) must not be null.");
            }
            if (intraOpThreads < 0) {
                throw new InvalidInputException(Setting.INTRA_OP_THREADS, "Intra-op threads ({INTRA_OP_THREADS}) must be >= 0"
                        + " (0 = ONNX Runtime's choice), got " + intraOpThreads + ".");
            }
            if (faceDetectorModel != null && !Files.isRegularFile(faceDetectorModel)) {
                throw new InvalidInputException(Setting.FACE_DETECTOR, "Face detector model " + faceDetectorModel.toAbsolutePath()
                        + " does not exist; give insightface's det_10g.onnx (buffalo_l) to {FACE_DETECTOR}.");
            }
            return new GeneratorConfig(modelBundle, device, precision, memoryMode, intraOpThreads,
                    Optional.ofNullable(faceDetectorModel), Optional.ofNullable(faceDetector));
        }

        /**
         * Loads the engine found on the class path and the model bundle.
         *
         * @throws InvalidInputException for bad settings
         * @throws EngineNotFoundException when vexpress-core is not on the class path
         * @throws ModelBundleException when the bundle is missing, incomplete or breaks the contract
         * @throws InsufficientMemoryException when the models the memory mode keeps loaded do not fit in memory
         */
        public TalkingHeadGenerator build() {
            GeneratorConfig config = toConfig();
            return Services.require(GenerationEngineProvider.class, "vexpress-core").create(config);
        }
    }
}
