package io.vexpress.media.face;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

import io.vexpress.MediaException;
import io.vexpress.keypoints.DetectedFace;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.media.RgbImage;
import io.vexpress.media.ffmpeg.JavaCppMemoryGuard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A no-download face keypoint detector from the OpenCV cascades that ship inside the
 * {@code org.bytedeco:opencv} natives jar: a frontal-face cascade gives the face box, the eye cascade
 * looks for the eyes in its upper half (typical eye positions in the box stand in for eyes it misses),
 * and the nose is placed below the eyes' midpoint at the proportion of insightface's five-point
 * alignment template (0.57 eye distances, perpendicular to the eye line).
 *
 * <p>It is markedly less precise than SCRFD ({@code det_10g.onnx}); see docs/face-keypoints.md for its
 * measured error. Use it only when no SCRFD model is available. Faces come largest first; the
 * {@linkplain DetectedFace#score() score} is a heuristic {@code n / (n + minNeighbors)} of the cascade's
 * neighbour count {@code n}, not comparable with SCRFD scores. Only the eyes and nose of the returned
 * landmarks are estimated: the two mouth corners are placed below them by the same template.
 *
 * <p>Detection is synchronised (OpenCV cascades are not safe to share across threads). Close it to free
 * the native cascades.
 */
public final class CascadeFaceDetector implements FaceKeypointDetector {
    private static final Logger LOG = LoggerFactory.getLogger(CascadeFaceDetector.class);

    // insightface's arcface alignment template (112x112): eyes, nose, mouth corners, relative to the eyes'
    // midpoint in units of the eye distance, along (u) and across (v, downwards) the eye line.
    private static final float NOSE_V = 0.5715f;
    private static final float MOUTH_U = 0.4141f;
    private static final float MOUTH_V = 1.1546f;
    // Where the eyes sit in an OpenCV frontal-face box, as fractions of its width and height.
    private static final double EYE_X = 0.30;
    private static final double EYE_Y = 0.38;

    /** The face cascades bundled with OpenCV that this detector can use. */
    public enum FaceCascade {
        /** {@code haarcascade_frontalface_default.xml}. */
        HAAR_FRONTAL_DEFAULT("haarcascades/haarcascade_frontalface_default.xml"),
        /** {@code haarcascade_frontalface_alt2.xml}. */
        HAAR_FRONTAL_ALT2("haarcascades/haarcascade_frontalface_alt2.xml");
        // The LBP face cascades frame faces differently (measured about 22 px mean error with the Haar box
        // proportions), so they are not offered.

        private final String file;

        FaceCascade(String file) {
            this.file = file;
        }
    }

    private static final String EYE_CASCADE = "haarcascades/haarcascade_eye.xml";
    private static final int MIN_NEIGHBORS = 5;

    private final CascadeClassifier faceCascade;
    private final CascadeClassifier eyeCascade;
    private final boolean useEyeCascade;

    private CascadeFaceDetector(CascadeClassifier faceCascade, CascadeClassifier eyeCascade, boolean useEyeCascade) {
        this.faceCascade = faceCascade;
        this.eyeCascade = eyeCascade;
        this.useEyeCascade = useEyeCascade;
    }

    /** The default: Haar frontal face with eye detection. */
    public static CascadeFaceDetector create() {
        return create(FaceCascade.HAAR_FRONTAL_DEFAULT, true);
    }

    /**
     * @param face which face cascade to use
     * @param detectEyes whether to look for the eyes with the eye cascade (else they come from the box)
     * @throws MediaException when the cascade files cannot be found in the OpenCV jar
     */
    public static CascadeFaceDetector create(FaceCascade face, boolean detectEyes) {
        Objects.requireNonNull(face, "face");
        JavaCppMemoryGuard.configure();
        LOG.warn("Using the OpenCV cascade face detector: its keypoints are approximate (see docs/face-keypoints.md)."
                + " For V-Express-quality keypoints use insightface's det_10g.onnx.");
        CascadeClassifier faces = load(face.file);
        try {
            return new CascadeFaceDetector(faces, load(EYE_CASCADE), detectEyes);
        } catch (RuntimeException e) {
            faces.close();
            throw e;
        }
    }

    private static CascadeClassifier load(String file) {
        String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + file;
        Path temp = null;
        try (InputStream in = CascadeFaceDetector.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new MediaException("OpenCV cascade " + resource + " is not on the class path; add the dependency"
                        + " org.bytedeco:opencv with the classifier of this platform (" + Loader.getPlatform() + ").");
            }
            temp = Files.createTempFile("vexpress-cascade", ".xml");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            CascadeClassifier classifier = new CascadeClassifier();
            if (!classifier.load(temp.toString()) || classifier.empty()) {
                classifier.close();
                throw new MediaException("OpenCV could not load the cascade " + resource + ".");
            }
            return classifier;
        } catch (IOException e) {
            throw new MediaException("Could not read the OpenCV cascade " + resource + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.debug("could not delete {}", temp, e);
                }
            }
        }
    }

    @Override
    public synchronized List<DetectedFace> detect(RgbImage image) {
        Objects.requireNonNull(image, "image");
        int w = image.width();
        int h = image.height();
        List<DetectedFace> found = new ArrayList<>();
        try (BytePointer pixels = new BytePointer(image.toRgbBytes());
                Mat rgb = new Mat(h, w, opencv_core.CV_8UC3, pixels);
                Mat gray = new Mat();
                RectVector boxes = new RectVector();
                IntPointer neighbours = new IntPointer();
                Size minSize = new Size(Math.max(24, Math.min(w, h) / 8), Math.max(24, Math.min(w, h) / 8));
                Size maxSize = new Size()) {
            cvtColor(rgb, gray, COLOR_RGB2GRAY);
            equalizeHist(gray, gray);
            faceCascade.detectMultiScale2(gray, boxes, neighbours, 1.1, MIN_NEIGHBORS, 0, minSize, maxSize);
            for (int i = 0; i < boxes.size(); i++) {
                Rect r = boxes.get(i);
                int n = neighbours.limit() > i ? neighbours.get(i) : MIN_NEIGHBORS;
                found.add(face(gray, r.x(), r.y(), r.width(), r.height(), n));
            }
        }
        found.sort(Comparator.comparingDouble((DetectedFace f) -> (f.x2() - f.x1()) * (f.y2() - f.y1())).reversed());
        return found;
    }

    private DetectedFace face(Mat gray, int x, int y, int w, int h, int neighbours) {
        float[] left = {(float) (x + EYE_X * w), (float) (y + EYE_Y * h)};
        float[] right = {(float) (x + (1 - EYE_X) * w), (float) (y + EYE_Y * h)};
        if (useEyeCascade) {
            refineEyes(gray, x, y, w, h, left, right);
        }
        float du = right[0] - left[0];
        float dv = right[1] - left[1];
        // (du, dv) runs along the eye line with the eye distance as its length; (-dv, du) points down the face.
        float mx = (left[0] + right[0]) / 2;
        float my = (left[1] + right[1]) / 2;
        float[] landmarks = {
            left[0], left[1], right[0], right[1],
            mx - NOSE_V * dv, my + NOSE_V * du,
            mx - MOUTH_U * du - MOUTH_V * dv, my - MOUTH_U * dv + MOUTH_V * du,
            mx + MOUTH_U * du - MOUTH_V * dv, my + MOUTH_U * dv + MOUTH_V * du,
        };
        float score = (float) neighbours / (neighbours + MIN_NEIGHBORS);
        return new DetectedFace(x, y, x + w, y + h, score, landmarks);
    }

    /** Replaces each eye guess by the eye-cascade hit nearest to it in its half of the face, if one is close. */
    private void refineEyes(Mat gray, int x, int y, int w, int h, float[] left, float[] right) {
        int top = y + (int) (0.15 * h);
        int bottom = y + (int) (0.60 * h);
        try (Rect roiRect = new Rect(x, top, w, bottom - top);
                Mat roi = gray.apply(roiRect);
                RectVector eyes = new RectVector();
                Size minSize = new Size(Math.max(8, w / 10), Math.max(8, w / 10));
                Size maxSize = new Size(w / 2, w / 2)) {
            eyeCascade.detectMultiScale(roi, eyes, 1.1, 3, 0, minSize, maxSize);
            float[] bestLeft = null;
            float[] bestRight = null;
            double tolerance = 0.15 * w;
            for (int i = 0; i < eyes.size(); i++) {
                Rect e = eyes.get(i);
                float[] c = {x + e.x() + e.width() / 2f, top + e.y() + e.height() / 2f};
                boolean isLeft = c[0] < x + w / 2f;
                float[] guess = isLeft ? left : right;
                double d = Math.hypot(c[0] - guess[0], c[1] - guess[1]);
                if (d > tolerance) {
                    continue;
                }
                float[] best = isLeft ? bestLeft : bestRight;
                if (best == null || d < Math.hypot(best[0] - guess[0], best[1] - guess[1])) {
                    if (isLeft) {
                        bestLeft = c;
                    } else {
                        bestRight = c;
                    }
                }
            }
            if (bestLeft != null) {
                System.arraycopy(bestLeft, 0, left, 0, 2);
            }
            if (bestRight != null) {
                System.arraycopy(bestRight, 0, right, 0, 2);
            }
        }
    }

    @Override
    public synchronized void close() {
        faceCascade.close();
        eyeCascade.close();
    }

    @Override
    public String toString() {
        return "CascadeFaceDetector[eyes " + (useEyeCascade ? "detected" : "from the face box") + "]";
    }
}
