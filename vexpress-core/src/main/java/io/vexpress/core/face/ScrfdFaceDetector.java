package io.vexpress.core.face;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.vexpress.InvalidInputException;
import io.vexpress.ModelBundleException;
import io.vexpress.keypoints.DetectedFace;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.media.RgbImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * insightface's SCRFD face detector on ONNX Runtime: {@code det_10g.onnx} from the buffalo_l pack, the
 * detector V-Express uses. Given the same image it returns what insightface's
 * {@code FaceAnalysis(...).prepare(det_size=(512, 512)).get(img)} returns (boxes, scores, five landmarks,
 * highest score first): the same letterbox (cv2 resize, padding at the bottom/right), normalisation
 * ((x - 127.5) / 128 on R, G, B planes), score threshold 0.5, decoding and NMS at IoU 0.4.
 *
 * <pre>{@code
 * try (ScrfdFaceDetector detector = ScrfdFaceDetector.builder(Path.of("det_10g.onnx")).build()) {
 *     List<DetectedFace> faces = detector.detect(Cv2Resize.resize(photo, 512, 512));
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #detect} may be called concurrently. Close it to release the ONNX session.
 */
public final class ScrfdFaceDetector implements FaceKeypointDetector {
    private static final Logger LOG = LoggerFactory.getLogger(ScrfdFaceDetector.class);

    /** insightface's default score threshold ({@code det_thresh}). */
    public static final float DEFAULT_SCORE_THRESHOLD = 0.5f;
    /** insightface's NMS IoU threshold. */
    public static final float DEFAULT_NMS_THRESHOLD = 0.4f;
    /** V-Express's {@code det_size}: its image height and width. */
    public static final int DEFAULT_DETECTION_SIZE = 512;

    private final OrtSession session;
    private final String inputName;
    private final List<String> outputNames;
    private final ScrfdLayout layout;
    private final ScrfdDecoder decoder;
    private final int inputWidth;
    private final int inputHeight;

    private ScrfdFaceDetector(OrtSession session, String inputName, List<String> outputNames, ScrfdLayout layout,
            ScrfdDecoder decoder, int inputWidth, int inputHeight) {
        this.session = session;
        this.inputName = inputName;
        this.outputNames = outputNames;
        this.layout = layout;
        this.decoder = decoder;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
    }

    /** A builder for the SCRFD model at {@code model} (usually {@code det_10g.onnx}). */
    public static Builder builder(Path model) {
        return new Builder(model);
    }

    /** Width of the network input images are letterboxed into. */
    public int inputWidth() {
        return inputWidth;
    }

    /** Height of the network input images are letterboxed into. */
    public int inputHeight() {
        return inputHeight;
    }

    @Override
    public List<DetectedFace> detect(RgbImage image) {
        Objects.requireNonNull(image, "image");
        ScrfdLetterbox letterbox = ScrfdLetterbox.of(image, inputWidth, inputHeight);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] outputs = new float[outputNames.size()][];
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(letterbox.blob()),
                        new long[] {1, 3, inputHeight, inputWidth});
                OrtSession.Result result = session.run(Map.of(inputName, input))) {
            for (int i = 0; i < outputs.length; i++) {
                outputs[i] = flatten(result.get(i), i);
            }
        } catch (OrtException e) {
            throw new ModelBundleException("The face detector failed on a " + image.width() + "x" + image.height()
                    + " image: " + e.getMessage(), e);
        }
        return decoder.decode(outputs, inputWidth, inputHeight, letterbox.detScale());
    }

    private float[] flatten(OnnxValue value, int index) {
        if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new ModelBundleException("Face detector output " + index + " is not a float tensor.");
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] data = new float[buffer.remaining()];
        buffer.get(data);
        int strides = layout.strides().length;
        int columns = index < strides ? 1 : index < 2 * strides ? 4 : 10;
        long expected = (long) layout.anchorCount(index % strides, inputWidth, inputHeight) * columns;
        if (data.length != expected) {
            throw new ModelBundleException("Face detector output " + index + " has " + data.length + " values; a SCRFD model with "
                    + layout.strides().length + " strides on a " + inputWidth + "x" + inputHeight + " input gives " + expected + ".");
        }
        return data;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing the face detector session failed", e);
        }
    }

    @Override
    public String toString() {
        return "ScrfdFaceDetector[" + inputWidth + "x" + inputHeight + ", " + outputNames.size() + " outputs"
                + (layout.batched() ? ", batched" : "") + "]";
    }

    /** Options of a {@link ScrfdFaceDetector}; all have insightface's / V-Express's defaults. */
    public static final class Builder {
        private final Path model;
        private int detectionWidth = DEFAULT_DETECTION_SIZE;
        private int detectionHeight = DEFAULT_DETECTION_SIZE;
        private float scoreThreshold = DEFAULT_SCORE_THRESHOLD;
        private float nmsThreshold = DEFAULT_NMS_THRESHOLD;
        private int intraOpThreads;
        private OrtSession.SessionOptions sessionOptions;

        private Builder(Path model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /**
         * insightface's {@code det_size} (width, height), used when the model's input size is dynamic as in
         * det_10g.onnx; a model with a fixed input size uses its own (as insightface does). Default 512x512.
         */
        public Builder detectionSize(int width, int height) {
            if (width < 32 || height < 32 || width % 32 != 0 || height % 32 != 0) {
                throw new InvalidInputException("Face detection size must be a positive multiple of 32 (the largest SCRFD stride), got "
                        + width + "x" + height + ".");
            }
            this.detectionWidth = width;
            this.detectionHeight = height;
            return this;
        }

        /** Minimum score of a face; insightface's {@code det_thresh}, default 0.5. */
        public Builder scoreThreshold(float threshold) {
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new InvalidInputException("Face score threshold must be in [0, 1], got " + threshold + ".");
            }
            this.scoreThreshold = threshold;
            return this;
        }

        /** IoU above which a lower-scored box is dropped; default 0.4. */
        public Builder nmsThreshold(float threshold) {
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new InvalidInputException("Face NMS threshold must be in [0, 1], got " + threshold + ".");
            }
            this.nmsThreshold = threshold;
            return this;
        }

        /** ONNX Runtime intra-op threads; 0 (default) lets ONNX Runtime choose. Ignored with {@link #sessionOptions}. */
        public Builder intraOpThreads(int threads) {
            if (threads < 0) {
                throw new InvalidInputException("intraOpThreads must be >= 0, got " + threads + ".");
            }
            this.intraOpThreads = threads;
            return this;
        }

        /** Session options to use instead (e.g. with an execution provider); the caller keeps ownership. */
        public Builder sessionOptions(OrtSession.SessionOptions options) {
            this.sessionOptions = options;
            return this;
        }

        /**
         * Loads the model and checks its layout.
         *
         * @throws ModelBundleException when the file is missing or is not a SCRFD model with landmarks
         */
        public ScrfdFaceDetector build() {
            if (!Files.isRegularFile(model)) {
                throw new ModelBundleException("Face detector model " + model + " does not exist. Download insightface's buffalo_l pack"
                        + " and pass its det_10g.onnx (see docs/face-keypoints.md), or give the reference keypoints explicitly.");
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession session = null;
            try {
                if (sessionOptions != null) {
                    session = env.createSession(model.toString(), sessionOptions);
                } else {
                    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                        if (intraOpThreads > 0) {
                            options.setIntraOpNumThreads(intraOpThreads);
                        }
                        session = env.createSession(model.toString(), options);
                    }
                }
                return describe(session);
            } catch (OrtException e) {
                closeQuietly(session);
                throw new ModelBundleException("Face detector model " + model + " cannot be loaded by ONNX Runtime: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeQuietly(session);
                throw e;
            }
        }

        private ScrfdFaceDetector describe(OrtSession session) throws OrtException {
            String name = model.getFileName().toString();
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1) {
                throw new ModelBundleException("Face detector " + name + " has " + inputs.size() + " inputs; SCRFD has one image input.");
            }
            NodeInfo input = inputs.values().iterator().next();
            long[] inputShape = ((TensorInfo) input.getInfo()).getShape();
            if (inputShape.length != 4 || (inputShape[1] > 0 && inputShape[1] != 3)) {
                throw new ModelBundleException("Face detector " + name + " input " + input.getName() + " has shape "
                        + java.util.Arrays.toString(inputShape) + "; SCRFD takes [1, 3, height, width].");
            }
            int width = detectionWidth;
            int height = detectionHeight;
            if (inputShape[2] > 0 && inputShape[3] > 0) {
                // insightface: "det_size is already set in scrfd model, ignore".
                height = (int) inputShape[2];
                width = (int) inputShape[3];
                if (width != detectionWidth || height != detectionHeight) {
                    LOG.info("Face detector {} has a fixed {}x{} input; using it instead of {}x{}", name, width, height,
                            detectionWidth, detectionHeight);
                }
            }
            List<NodeInfo> outputs = new ArrayList<>(session.getOutputInfo().values());
            int firstRank = ((TensorInfo) outputs.get(0).getInfo()).getShape().length;
            ScrfdLayout layout = ScrfdLayout.of(outputs.size(), firstRank, name);
            List<String> outputNames = outputs.stream().map(NodeInfo::getName).toList();
            ScrfdDecoder decoder = new ScrfdDecoder(layout, scoreThreshold, nmsThreshold);
            return new ScrfdFaceDetector(session, input.getName(), outputNames, layout, decoder, width, height);
        }

        private static void closeQuietly(OrtSession session) {
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException e) {
                    LOG.debug("closing a half-built face detector session", e);
                }
            }
        }
    }
}
