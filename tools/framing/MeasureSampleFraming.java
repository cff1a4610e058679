// Measures where the face sits in V-Express's sample portraits and how large it is: the target framing of
// ImageFit.FACE_CROP (io.vexpress.core.image.FaceFraming.VEXPRESS_SAMPLES; numbers in docs/image-fit.md).
//
// Run from the repository root after `mvn -B -ntp -DskipTests package` (Java 17, no other set-up):
//     java -cp vexpress-examples/target/vexpress.jar tools/framing/MeasureSampleFraming.java \
//         [--samples ../shared/samples] [--scrfd det_10g.onnx]
//
// Keypoints of each ref.jpg: when ref.jpg is the first frame of the sample's gt.mp4 (mean absolute difference
// below 2, as tools/goldens/face_samples.py checks), the first frame of its kps.pth, which V-Express's extract
// script made with insightface's SCRFD det_10g; otherwise SCRFD from --scrfd, or else the OpenCV cascade
// detector of vexpress-media (about 5 px error, docs/face-keypoints.md). The kps.pth sequences (every frame of
// the three driving videos, also V-Express-framed) are summarised too, as a check of the spread.
import io.vexpress.core.image.FaceFraming;
import io.vexpress.core.face.ScrfdFaceDetector;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.RgbImage;
import io.vexpress.media.face.CascadeFaceDetector;
import io.vexpress.spi.ImageDecoder;
import io.vexpress.spi.KeypointSequenceCodec;
import io.vexpress.spi.Services;
import io.vexpress.spi.VideoDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

public class MeasureSampleFraming {
    public static void main(String[] args) throws Exception {
        Path samples = Path.of("../shared/samples");
        Path scrfd = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--samples")) {
                samples = Path.of(args[++i]);
            } else if (args[i].equals("--scrfd")) {
                scrfd = Path.of(args[++i]);
            }
        }
        ImageDecoder images = Services.require(ImageDecoder.class, "vexpress-media");
        KeypointSequenceCodec kps = Services.require(KeypointSequenceCodec.class, "vexpress-media");
        VideoDecoder videos = Services.require(VideoDecoder.class, "vexpress-media");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(samples)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("ref.jpg"))).sorted().toList();
        }
        double ratioSum = 0;
        int ratioCount = 0;
        System.out.println("sequence   frames  eye_dist/side  nose_drop/eye_dist  eyes_x/side  eyes_y/side  (means over all frames)");
        for (Path d : dirs) {
            KeypointSequence seq = kps.read(d.resolve("kps.pth"));
            double e = 0, r = 0, x = 0, y = 0;
            for (int f = 0; f < seq.frameCount(); f++) {
                FaceKeypoints k = seq.frame(f);
                e += FaceFraming.eyeDistance(k) / 512;
                r += FaceFraming.noseDrop(k) / FaceFraming.eyeDistance(k);
                x += (k.leftEyeX() + k.rightEyeX()) / 2 / 512;
                y += (k.leftEyeY() + k.rightEyeY()) / 2 / 512;
            }
            int n = seq.frameCount();
            ratioSum += r;
            ratioCount += n;
            System.out.printf(Locale.ROOT, "%-10s %6d  %13.4f  %18.4f  %11.4f  %11.4f%n", d.getFileName(), n, e / n, r / n, x / n, y / n);
        }
        double ratio = ratioSum / ratioCount;
        System.out.printf(Locale.ROOT, "nose drop / eye distance over all %d frames: %.4f%n%n", ratioCount, ratio);

        FaceFraming measuring = new FaceFraming(0.5, 0.5, 0.5, ratio);
        System.out.println("ref.jpg    source              eye_dist/side  nose_drop/eye_dist  face_size/side  eyes_x/side  eyes_y/side");
        double size = 0, ex = 0, ey = 0;
        try (FaceKeypointDetector scrfdDetector = scrfd == null ? null : ScrfdFaceDetector.builder(scrfd).build();
             FaceKeypointDetector cascade = scrfd == null ? CascadeFaceDetector.create() : null) {
            for (Path d : dirs) {
                RgbImage ref = images.decode(d.resolve("ref.jpg"), false);
                RgbImage first;
                try (VideoDecoder.Reader reader = videos.open(d.resolve("gt.mp4"))) {
                    first = reader.nextFrame();
                }
                FaceKeypoints k;
                String source;
                if (meanAbsoluteDifference(ref, first) < 2.0) {
                    k = kps.read(d.resolve("kps.pth")).frame(0);
                    source = "kps.pth[0] (SCRFD)";
                } else if (scrfdDetector != null) {
                    k = scrfdDetector.detect(ref).get(0).keypoints();
                    source = "SCRFD";
                } else {
                    k = cascade.detect(ref).get(0).keypoints();
                    source = "cascade";
                }
                double side = Math.min(ref.width(), ref.height());
                double s = measuring.sizeOf(k) / side;
                double mx = (k.leftEyeX() + k.rightEyeX()) / 2 / ref.width();
                double my = (k.leftEyeY() + k.rightEyeY()) / 2 / ref.height();
                size += s;
                ex += mx;
                ey += my;
                System.out.printf(Locale.ROOT, "%-10s %-19s %13.4f  %18.4f  %14.4f  %11.4f  %11.4f%n", d.getFileName(), source,
                        FaceFraming.eyeDistance(k) / side, FaceFraming.noseDrop(k) / FaceFraming.eyeDistance(k), s, mx, my);
            }
        }
        int n = dirs.size();
        System.out.printf(Locale.ROOT, "%nFaceFraming(faceSize %.4f, eyesX %.4f, eyesY %.4f, noseDropPerEyeDistance %.3f)%n",
                size / n, ex / n, ey / n, ratio);
    }

    private static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            return Double.MAX_VALUE;
        }
        byte[] x = a.toRgbBytes();
        byte[] y = b.toRgbBytes();
        long sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
        }
        return (double) sum / x.length;
    }
}
