package io.vexpress.examples.demo;

import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * The demo's portrait, drawn with Java2D at run time so that the project ships no photo of a real
 * person. The drawing is made around {@link #KEYPOINTS}, so the demo knows the face's V-Kps points
 * without a face detector.
 */
public final class DemoPortrait {
    /** Side of the square portrait, V-Express's working size. */
    public static final int SIZE = 512;

    /** Left eye, right eye and nose tip of the drawn face, in pixels of the 512x512 portrait. */
    public static final FaceKeypoints KEYPOINTS = new FaceKeypoints(206f, 236f, 306f, 236f, 256f, 296f);

    private DemoPortrait() {
    }

    /** Draws the portrait. */
    public static BufferedImage draw() {
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setPaint(new GradientPaint(0, 0, new Color(70, 110, 160), 0, SIZE, new Color(190, 210, 230)));
            g.fillRect(0, 0, SIZE, SIZE);

            Color skin = new Color(232, 190, 160);
            Color skinShade = new Color(214, 168, 138);
            // shoulders and neck
            g.setColor(new Color(60, 70, 90));
            g.fill(new Ellipse2D.Double(86, 430, 340, 200));
            g.setColor(skinShade);
            g.fillRect(222, 360, 68, 90);
            // hair behind the head
            Color hair = new Color(70, 45, 30);
            g.setColor(hair);
            g.fill(new Ellipse2D.Double(144, 118, 224, 250));
            // face
            g.setColor(skin);
            g.fill(new Ellipse2D.Double(160, 150, 192, 240));
            // ears
            g.fill(new Ellipse2D.Double(146, 240, 26, 52));
            g.fill(new Ellipse2D.Double(340, 240, 26, 52));
            // fringe
            g.setColor(hair);
            Path2D fringe = new Path2D.Double();
            fringe.moveTo(158, 230);
            fringe.curveTo(150, 120, 360, 110, 354, 230);
            fringe.curveTo(330, 170, 250, 175, 210, 185);
            fringe.curveTo(185, 190, 170, 205, 158, 230);
            g.fill(fringe);

            drawEye(g, KEYPOINTS.leftEyeX(), KEYPOINTS.leftEyeY());
            drawEye(g, KEYPOINTS.rightEyeX(), KEYPOINTS.rightEyeY());
            // eyebrows
            g.setColor(hair);
            g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.drawArc((int) KEYPOINTS.leftEyeX() - 24, (int) KEYPOINTS.leftEyeY() - 30, 48, 24, 20, 140);
            g.drawArc((int) KEYPOINTS.rightEyeX() - 24, (int) KEYPOINTS.rightEyeY() - 30, 48, 24, 20, 140);
            // nose: a ridge ending at the tip
            g.setColor(skinShade.darker());
            g.setStroke(new BasicStroke(3, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            Path2D nose = new Path2D.Double();
            nose.moveTo(252, 250);
            nose.curveTo(248, 275, 244, 290, 246, 296);
            nose.curveTo(252, 302, 262, 302, 268, 296);
            g.draw(nose);
            // mouth, slightly open
            g.setColor(new Color(150, 60, 60));
            g.fill(new Ellipse2D.Double(226, 326, 60, 20));
            g.setColor(new Color(240, 235, 230));
            g.fillRect(236, 327, 40, 5);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void drawEye(Graphics2D g, float cx, float cy) {
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(cx - 20, cy - 10, 40, 20));
        g.setColor(new Color(70, 120, 90));
        g.fill(new Ellipse2D.Double(cx - 9, cy - 9, 18, 18));
        g.setColor(Color.BLACK);
        g.fill(new Ellipse2D.Double(cx - 4, cy - 4, 8, 8));
    }

    /** The portrait as the SDK's image type. */
    public static RgbImage toRgbImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (p >> 16);
                rgb[i + 1] = (byte) (p >> 8);
                rgb[i + 2] = (byte) p;
            }
        }
        return RgbImage.of(w, h, rgb);
    }
}
