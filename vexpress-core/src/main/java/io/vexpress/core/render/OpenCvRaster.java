package io.vexpress.core.render;

/**
 * The integer rasterisation of OpenCV 4's {@code imgproc/drawing.cpp} that {@code draw_kps_image} relies
 * on, re-implemented for pixel-identical output: {@code ellipse2Poly} (integer overload, with OpenCV's
 * one-degree float sine table), {@code fillConvexPoly} with the default {@code LINE_8} and {@code shift = 0}
 * (outline by 8-connected Bresenham lines clipped with {@code clipLine}, interior by two 16.16 fixed-point
 * edges), and the filled {@code circle} with {@code LINE_8} and {@code shift = 0} (OpenCV's midpoint circle).
 *
 * <p>One deliberate difference: rows above the image are skipped in one jump instead of being scanned one by
 * one (OpenCV's "TODO optimize scan for negative y"), which keeps far off-canvas shapes cheap; the pixels are
 * the same.
 */
final class OpenCvRaster {
    private static final int XY_SHIFT = 16;
    private static final long XY_ONE = 1L << XY_SHIFT;

    /**
     * OpenCV's {@code SinTable}: sin of 0..450 whole degrees rounded to 7 decimals, stored as float.
     * (The decimal rounding, not Math.sin's float value, is what OpenCV's polygons are made of.)
     */
    private static final float[] SIN_TABLE = new float[451];

    static {
        for (int deg = 0; deg <= 450; deg++) {
            double exact = Math.sin(Math.toRadians(deg));
            long scaled = Math.round(exact * 1e7);
            SIN_TABLE[deg] = Float.parseFloat(java.math.BigDecimal.valueOf(scaled, 7).toPlainString());
        }
    }

    private OpenCvRaster() {
    }

    /** OpenCV's table value for a whole degree in 0..450 (exposed for tests). */
    static float sinTable(int degree) {
        return SIN_TABLE[degree];
    }

    /**
     * {@code cv::ellipse2Poly(Point center, Size axes, int angle, int arcStart, int arcEnd, int delta, pts)}.
     *
     * @param xy receives x0, y0, x1, y1, ...; needs {@code 2 * (360 / delta + 2)} slots
     * @return the number of points
     */
    static int ellipse2Poly(int cx, int cy, int axisW, int axisH, int angle, int arcStart, int arcEnd, int delta, int[] xy) {
        if (delta <= 0 || delta > 180) {
            throw new IllegalArgumentException("delta must be in 1..180, got " + delta);
        }
        while (angle < 0) {
            angle += 360;
        }
        while (angle > 360) {
            angle -= 360;
        }
        if (arcStart > arcEnd) {
            int t = arcStart;
            arcStart = arcEnd;
            arcEnd = t;
        }
        while (arcStart < 0) {
            arcStart += 360;
            arcEnd += 360;
        }
        while (arcEnd > 360) {
            arcEnd -= 360;
            arcStart -= 360;
        }
        if (arcEnd - arcStart > 360) {
            arcStart = 0;
            arcEnd = 360;
        }
        float alpha = SIN_TABLE[450 - angle]; // cos
        float beta = SIN_TABLE[angle]; // sin
        int n = 0;
        int prevX = Integer.MIN_VALUE;
        int prevY = Integer.MIN_VALUE;
        for (int i = arcStart; i < arcEnd + delta; i += delta) {
            int a = i;
            if (a > arcEnd) {
                a = arcEnd;
            }
            if (a < 0) {
                a += 360;
            }
            double x = (double) axisW * SIN_TABLE[450 - a];
            double y = (double) axisH * SIN_TABLE[a];
            double px = cx + x * alpha - y * beta;
            double py = cy + x * beta + y * alpha;
            int rx = cvRound(px);
            int ry = cvRound(py);
            if (rx != prevX || ry != prevY) {
                xy[2 * n] = rx;
                xy[2 * n + 1] = ry;
                n++;
                prevX = rx;
                prevY = ry;
            }
        }
        if (n == 1) {
            xy[0] = cx;
            xy[1] = cy;
            xy[2] = cx;
            xy[3] = cy;
            n = 2;
        }
        return n;
    }

    /** {@code cvRound}: round half to even (the SSE2 conversion in the default rounding mode). */
    static int cvRound(double v) {
        return (int) Math.rint(v);
    }

    /** {@code cv::fillConvexPoly(img, pts, color)} with {@code lineType = LINE_8}, {@code shift = 0}. */
    static void fillConvexPoly(Canvas img, int[] xy, int npts, int color) {
        fillConvexPoly(img, xy, npts, color, new PolygonEdges());
    }

    /** The two edges {@link #fillConvexPoly} walks, kept by callers that fill many polygons. */
    static final class PolygonEdges {
        final int[] idx = new int[2];
        final int[] di = new int[2];
        final long[] x = new long[2];
        final long[] dx = new long[2];
        final int[] ye = new int[2];
    }

    /** As {@link #fillConvexPoly(Canvas, int[], int, int)}, with the edge state in {@code state} (overwritten). */
    static void fillConvexPoly(Canvas img, int[] xy, int npts, int color, PolygonEdges state) {
        if (npts <= 0) {
            return;
        }
        int width = img.width();
        int height = img.height();
        long p0x = (long) xy[2 * (npts - 1)] << XY_SHIFT;
        long p0y = (long) xy[2 * (npts - 1) + 1] << XY_SHIFT;
        long xmin = xy[0];
        long xmax = xy[0];
        long ymin = xy[1];
        long ymax = xy[1];
        int imin = 0;
        for (int i = 0; i < npts; i++) {
            long px = xy[2 * i];
            long py = xy[2 * i + 1];
            if (py < ymin) {
                ymin = py;
                imin = i;
            }
            ymax = Math.max(ymax, py);
            xmax = Math.max(xmax, px);
            xmin = Math.min(xmin, px);
            px <<= XY_SHIFT;
            py <<= XY_SHIFT;
            line(img, (int) (p0x >> XY_SHIFT), (int) (p0y >> XY_SHIFT), (int) (px >> XY_SHIFT), (int) (py >> XY_SHIFT), color);
            p0x = px;
            p0y = py;
        }
        if (npts < 3 || (int) xmax < 0 || (int) ymax < 0 || (int) xmin >= width || (int) ymin >= height) {
            return;
        }
        ymax = Math.min(ymax, height - 1);
        int[] edgeIdx = state.idx;
        int[] edgeDi = state.di;
        long[] edgeX = state.x;
        long[] edgeDx = state.dx;
        int[] edgeYe = state.ye;
        edgeIdx[0] = imin;
        edgeIdx[1] = imin;
        edgeDi[0] = 1;
        edgeDi[1] = npts - 1;
        edgeX[0] = -XY_ONE;
        edgeX[1] = -XY_ONE;
        edgeDx[0] = 0;
        edgeDx[1] = 0;
        edgeYe[0] = (int) ymin;
        edgeYe[1] = (int) ymin;
        int y = (int) ymin;
        int edges = npts;
        final long delta1 = XY_ONE >> 1;
        final long delta2 = XY_ONE >> 1;
        do {
            for (int i = 0; i < 2; i++) {
                if (y >= edgeYe[i]) {
                    int idx0 = edgeIdx[i];
                    int di = edgeDi[i];
                    int idx = idx0 + di;
                    if (idx >= npts) {
                        idx -= npts;
                    }
                    while (edges-- > 0) {
                        int ty = xy[2 * idx + 1];
                        if (ty > y) {
                            long xs = (long) xy[2 * idx0] << XY_SHIFT;
                            long xe = (long) xy[2 * idx] << XY_SHIFT;
                            edgeYe[i] = ty;
                            edgeDx[i] = ((xe - xs) * 2 + ((long) ty - y)) / (2 * ((long) ty - y));
                            edgeX[i] = xs;
                            edgeIdx[i] = idx;
                            break;
                        }
                        idx0 = idx;
                        idx += di;
                        if (idx >= npts) {
                            idx -= npts;
                        }
                    }
                }
            }
            if (edges < 0) {
                break;
            }
            if (y >= 0) {
                int left = 0;
                int right = 1;
                if (edgeX[0] > edgeX[1]) {
                    left = 1;
                    right = 0;
                }
                int xx1 = (int) ((edgeX[left] + delta1) >> XY_SHIFT);
                int xx2 = (int) ((edgeX[right] + delta2) >> XY_SHIFT);
                if (xx2 >= 0 && xx1 < width) {
                    if (xx1 < 0) {
                        xx1 = 0;
                    }
                    if (xx2 >= width) {
                        xx2 = width - 1;
                    }
                    img.fillSpan(y, xx1, xx2, color);
                }
                edgeX[0] += edgeDx[0];
                edgeX[1] += edgeDx[1];
            } else {
                // Rows above the image draw nothing and, until an edge ends, change nothing but x:
                // jump to the next row that matters (OpenCV scans them one by one).
                int next = Math.min(Math.min(edgeYe[0], edgeYe[1]), 0);
                int steps = Math.max(next - y, 1);
                edgeX[0] += edgeDx[0] * steps;
                edgeX[1] += edgeDx[1] * steps;
                y += steps - 1;
            }
        } while (++y <= (int) ymax);
    }

    /** OpenCV's {@code Line}: an 8-connected Bresenham line, clipped to the image, drawn left to right. */
    static void line(Canvas img, int x1, int y1, int x2, int y2, int color) {
        int width = img.width();
        int height = img.height();
        if (Integer.compareUnsigned(x1, width) >= 0 || Integer.compareUnsigned(x2, width) >= 0
                || Integer.compareUnsigned(y1, height) >= 0 || Integer.compareUnsigned(y2, height) >= 0) {
            long[] p = {x1, y1, x2, y2};
            if (!clipLine(width, height, p)) {
                return;
            }
            x1 = (int) p[0];
            y1 = (int) p[1];
            x2 = (int) p[2];
            y2 = (int) p[3];
        }
        int deltaX = 1;
        int deltaY = 1;
        int dx = x2 - x1;
        int dy = y2 - y1;
        if (dx < 0) { // left to right
            dx = -dx;
            dy = -dy;
            x1 = x2;
            y1 = y2;
        }
        if (dy < 0) {
            dy = -dy;
            deltaY = -1;
        }
        boolean vertical = dy > dx;
        if (vertical) {
            int t = dx;
            dx = dy;
            dy = t;
            t = deltaX;
            deltaX = deltaY;
            deltaY = t;
        }
        int err = dx - (dy + dy);
        int plusDelta = dx + dx;
        int minusDelta = -(dy + dy);
        int count = dx + 1;
        int x = x1;
        int y = y1;
        for (int i = 0; i < count; i++) {
            img.fillSpan(y, x, x, color);
            boolean minor = err < 0;
            err += minusDelta + (minor ? plusDelta : 0);
            if (vertical) {
                y += deltaX; // major axis step (deltaX holds the major direction after the swap)
                if (minor) {
                    x += deltaY;
                }
            } else {
                x += deltaX;
                if (minor) {
                    y += deltaY;
                }
            }
        }
    }

    /** {@code cv::clipLine(Size, Point2l&, Point2l&)}: Cohen-Sutherland on {@code p = {x1, y1, x2, y2}}. */
    static boolean clipLine(int width, int height, long[] p) {
        if (width <= 0 || height <= 0) {
            return false;
        }
        long right = width - 1L;
        long bottom = height - 1L;
        long x1 = p[0];
        long y1 = p[1];
        long x2 = p[2];
        long y2 = p[3];
        int c1 = code(x1, y1, right, bottom);
        int c2 = code(x2, y2, right, bottom);
        if ((c1 & c2) == 0 && (c1 | c2) != 0) {
            long a;
            if ((c1 & 12) != 0) {
                a = c1 < 8 ? 0 : bottom;
                x1 += (a - y1) * (x2 - x1) / (y2 - y1);
                y1 = a;
                c1 = (x1 < 0 ? 1 : 0) + (x1 > right ? 2 : 0);
            }
            if ((c2 & 12) != 0) {
                a = c2 < 8 ? 0 : bottom;
                x2 += (a - y2) * (x2 - x1) / (y2 - y1);
                y2 = a;
                c2 = (x2 < 0 ? 1 : 0) + (x2 > right ? 2 : 0);
            }
            if ((c1 & c2) == 0 && (c1 | c2) != 0) {
                if (c1 != 0) {
                    a = c1 == 1 ? 0 : right;
                    y1 += (a - x1) * (y2 - y1) / (x2 - x1);
                    x1 = a;
                    c1 = 0;
                }
                if (c2 != 0) {
                    a = c2 == 1 ? 0 : right;
                    y2 += (a - x2) * (y2 - y1) / (x2 - x1);
                    x2 = a;
                    c2 = 0;
                }
            }
        }
        p[0] = x1;
        p[1] = y1;
        p[2] = x2;
        p[3] = y2;
        return (c1 | c2) == 0;
    }

    private static int code(long x, long y, long right, long bottom) {
        return (x < 0 ? 1 : 0) + (x > right ? 2 : 0) + (y < 0 ? 4 : 0) + (y > bottom ? 8 : 0);
    }

    /** Rows {@code y1} and {@code y2} from {@code x1} to {@code x2}, each only when inside the image. */
    private static void spanPair(Canvas img, int y1, int y2, int x1, int x2, int color) {
        if (Integer.compareUnsigned(y1, img.height()) < 0) {
            img.fillSpan(y1, x1, x2, color);
        }
        if (Integer.compareUnsigned(y2, img.height()) < 0) {
            img.fillSpan(y2, x1, x2, color);
        }
    }

    /** OpenCV's {@code Circle(img, center, radius, color, fill = 1)}: the filled midpoint circle. */
    static void filledCircle(Canvas img, int cx, int cy, int radius, int color) {
        int width = img.width();
        int height = img.height();
        int err = 0;
        int dx = radius;
        int dy = 0;
        int plus = 1;
        int minus = (radius << 1) - 1;
        boolean inside = cx >= radius && cx < width - radius && cy >= radius && cy < height - radius;
        while (dx >= dy) {
            int y11 = cy - dy;
            int y12 = cy + dy;
            int y21 = cy - dx;
            int y22 = cy + dx;
            int x11 = cx - dx;
            int x12 = cx + dx;
            int x21 = cx - dy;
            int x22 = cx + dy;
            if (inside) {
                img.fillSpan(y11, x11, x12, color);
                img.fillSpan(y12, x11, x12, color);
                img.fillSpan(y21, x21, x22, color);
                img.fillSpan(y22, x21, x22, color);
            } else if (x11 < width && x12 >= 0 && y21 < height && y22 >= 0) {
                spanPair(img, y11, y12, Math.max(x11, 0), Math.min(x12, width - 1), color);
                if (x21 < width && x22 >= 0) {
                    spanPair(img, y21, y22, Math.max(x21, 0), Math.min(x22, width - 1), color);
                }
            }
            dy++;
            err += plus;
            plus += 2;
            int mask = (err <= 0 ? 1 : 0) - 1;
            err -= minus & mask;
            dx += mask;
            minus -= mask & 2;
        }
    }
}
