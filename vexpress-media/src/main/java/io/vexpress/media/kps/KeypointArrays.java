package io.vexpress.media.kps;

import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.kps.PickleValues.FloatArray;
import io.vexpress.media.kps.PickleValues.NumpyArray;
import io.vexpress.media.kps.PickleValues.PyList;
import io.vexpress.media.kps.PickleValues.Tuple;
import java.util.Arrays;
import java.util.List;

/** Turns what a keypoint file holds into a {@link KeypointSequence}, checking shapes and values. */
final class KeypointArrays {
    private KeypointArrays() {
    }

    /**
     * Accepts one {@code [N, 3, 2]} array or tensor, or a list (or tuple) of {@code [3, 2]} arrays, tensors or
     * nested lists of numbers.
     */
    static KeypointSequence fromPickled(Object root, String source) {
        FloatArray single = root instanceof PyList || root instanceof Tuple ? null : asArray(root, source);
        if (single != null) {
            return fromRowMajor(single.shape(), single.values(), source);
        }
        List<Object> items;
        if (root instanceof PyList list) {
            items = list.items;
        } else if (root instanceof Tuple tuple) {
            items = tuple.items();
        } else {
            throw new KeypointShapeException(source + ": the file holds a " + describe(root)
                    + ", not a keypoint sequence (a [frames, 3, 2] array or tensor, or a list of [3, 2] arrays).");
        }
        if (items.isEmpty()) {
            throw new KeypointShapeException(source + ": the keypoint list is empty; a sequence needs at least one frame.");
        }
        float[] xy = new float[Math.multiplyExact(items.size(), 6)];
        for (int i = 0; i < items.size(); i++) {
            FloatArray frame = asArray(items.get(i), source);
            if (frame == null) {
                throw new KeypointShapeException(source + ": item " + i + " of the keypoint list is a "
                        + describe(items.get(i)) + ", not a [3, 2] array.");
            }
            if (!Arrays.equals(frame.shape(), new long[] {3, 2})) {
                throw new KeypointShapeException(source + ": item " + i + " of the keypoint list has shape "
                        + Arrays.toString(frame.shape()) + "; each frame must be [3, 2] (left eye, right eye, nose; x, y).");
            }
            System.arraycopy(frame.values(), 0, xy, i * 6, 6);
        }
        return checked(xy, source);
    }

    /** A {@code [N, 3, 2]} row-major array (as .npy and single tensors hold it). */
    static KeypointSequence fromRowMajor(long[] shape, float[] values, String source) {
        if (shape.length != 3 || shape[1] != 3 || shape[2] != 2 || shape[0] < 1) {
            throw new KeypointShapeException(source + ": the array has shape " + Arrays.toString(shape)
                    + "; a keypoint sequence must be [frames, 3, 2] with at least one frame.");
        }
        return checked(values, source);
    }

    /** Builds the sequence after checking that every value is finite. */
    static KeypointSequence checked(float[] xy, String source) {
        for (int i = 0; i < xy.length; i++) {
            if (!Float.isFinite(xy[i])) {
                throw new NonFiniteKeypointException(source + ": keypoint value " + (i % 2 == 0 ? "x" : "y") + " of point "
                        + (i % 6 / 2) + " in frame " + (i / 6) + " is " + xy[i] + "; every coordinate must be finite. "
                        + "Re-extract the keypoints or fix that frame.");
            }
        }
        return KeypointSequence.of(xy);
    }

    private static FloatArray asArray(Object o, String source) {
        if (o instanceof FloatArray a) {
            return a;
        }
        if (o instanceof PyList || o instanceof Tuple) {
            return nestedNumbers(o);
        }
        if (o instanceof NumpyArray n) {
            if (n.values == null) {
                throw new KeypointFileException(source + ": a numpy array is never filled (no BUILD); the file is damaged.");
            }
            return new FloatArray(n.shape, n.values);
        }
        return null;
    }

    /**
     * A {@code [3, 2]} nest of Python lists or tuples of numbers ({@code torch.save(kps.tolist())}), or null
     * when {@code o} is anything else (for example a list of arrays).
     */
    private static FloatArray nestedNumbers(Object o) {
        List<Object> points = items(o);
        if (points == null || points.size() != 3) {
            return null;
        }
        float[] xy = new float[6];
        for (int p = 0; p < 3; p++) {
            List<Object> point = items(points.get(p));
            if (point == null || point.size() != 2) {
                return null;
            }
            for (int a = 0; a < 2; a++) {
                Object v = point.get(a);
                if (v instanceof Double d) {
                    xy[p * 2 + a] = (float) (double) d;
                } else if (v instanceof Long l) {
                    xy[p * 2 + a] = l;
                } else {
                    return null;
                }
            }
        }
        return new FloatArray(new long[] {3, 2}, xy);
    }

    private static List<Object> items(Object o) {
        if (o instanceof PyList l) {
            return l.items;
        }
        if (o instanceof Tuple t) {
            return t.items();
        }
        return null;
    }

    private static String describe(Object o) {
        return RestrictedUnpickler.typeName(o);
    }
}
