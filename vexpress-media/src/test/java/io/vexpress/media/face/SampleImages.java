package io.vexpress.media.face;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.VideoDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/** Test images: the V-Express samples (when ../shared is there) and the committed golden face. */
final class SampleImages {
    static final String GOLDEN = "/golden/face-samples/";

    private SampleImages() {
    }

    /** The samples folder, if present. */
    static Optional<Path> samples() {
        String dir = System.getProperty("vexpress.shared.samples");
        return dir != null && Files.isDirectory(Path.of(dir)) ? Optional.of(Path.of(dir)) : Optional.empty();
    }

    /** Ground truth: the first frame of each sample's kps.pth, and whether ref.jpg is that frame. */
    static Map<String, JsonNode> firstFrames() {
        try (InputStream in = SampleImages.class.getResourceAsStream(GOLDEN + "first_frames.json")) {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            JsonNode root = new ObjectMapper().readTree(in);
            root.fieldNames().forEachRemaining(name -> out.put(name, root.get(name)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FaceKeypoints keypoints(JsonNode sample, float scale) {
        JsonNode k = sample.get("kps");
        float[] xy = new float[6];
        for (int i = 0; i < 3; i++) {
            xy[2 * i] = (float) k.get(i).get(0).asDouble() * scale;
            xy[2 * i + 1] = (float) k.get(i).get(1).asDouble() * scale;
        }
        return FaceKeypoints.of(xy);
    }

    /** An image file decoded by OpenCV (as cv2.imread), as RGB. */
    static RgbImage decodeImage(Path file) {
        try (Mat bgr = imread(file.toString())) {
            if (bgr.empty()) {
                throw new IllegalStateException("cannot decode " + file);
            }
            byte[] data = new byte[bgr.cols() * bgr.rows() * 3];
            bgr.data().get(data);
            return bgrToRgb(bgr.cols(), bgr.rows(), data, bgr.cols() * 3);
        }
    }

    /** A committed golden image. */
    static RgbImage golden(String name) {
        try (InputStream in = SampleImages.class.getResourceAsStream(GOLDEN + name)) {
            Path temp = Files.createTempFile("face", name);
            try {
                Files.write(temp, in.readAllBytes());
                return decodeImage(temp);
            } finally {
                Files.delete(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first frame of a video, as decoded by FFmpeg in BGR24. */
    static RgbImage firstFrame(Path video) {
        try (VideoDecoder.Reader reader = new GrabberVideoDecoder().open(video)) {
            return reader.nextFrame();
        }
    }

    static RgbImage bgrToRgb(int w, int h, byte[] bgr, int stride) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = y * stride + x * 3;
                int d = (y * w + x) * 3;
                rgb[d] = bgr[s + 2];
                rgb[d + 1] = bgr[s + 1];
                rgb[d + 2] = bgr[s];
            }
        }
        return RgbImage.of(w, h, rgb);
    }

    /** Mean distance in pixels between the three points of two faces. */
    static double meanError(FaceKeypoints a, FaceKeypoints b) {
        float[] x = a.toArray();
        float[] y = b.toArray();
        double sum = 0;
        for (int i = 0; i < 6; i += 2) {
            sum += Math.hypot(x[i] - y[i], x[i + 1] - y[i + 1]);
        }
        return sum / 3;
    }
}
