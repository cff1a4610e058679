package io.vexpress.media.kps;

import java.util.ArrayList;
import java.util.List;

/** The few value types the restricted pickle machine builds (besides Long, Double, String, Boolean, byte[]). */
final class PickleValues {
    private PickleValues() {
    }

    /** Python's None (null cannot be stored in every collection we use). */
    enum None { NONE }

    /** The MARK sentinel is kept on a separate stack; this is a Python tuple. */
    record Tuple(List<Object> items) {
        int size() {
            return items.size();
        }

        Object get(int i) {
            return items.get(i);
        }
    }

    /** A container that tracks how deeply it nests, so that hostile nesting is refused early. */
    abstract static class Container {
        int depth = 1;
    }

    /** A Python list. */
    static final class PyList extends Container {
        final List<Object> items = new ArrayList<>();
    }

    /** A Python dict or OrderedDict (keys and values in insertion order; never looked up). */
    static final class PyDict extends Container {
        final List<Object> keys = new ArrayList<>();
        final List<Object> values = new ArrayList<>();
    }

    /** numpy.dtype('f4'|'f8', ...), its byte order filled in by BUILD. */
    static final class NumpyDtype {
        final int elementBytes;
        char byteOrder = '<';

        NumpyDtype(int elementBytes) {
            this.elementBytes = elementBytes;
        }
    }

    /** An ndarray made by _reconstruct, shaped and filled by BUILD. */
    static final class NumpyArray {
        long[] shape;
        float[] values; // row-major, converted to float32
    }

    /** A float array with its shape: a built numpy array or a rebuilt torch tensor. */
    record FloatArray(long[] shape, float[] values) {
    }

    /** A torch storage reached through a persistent id, already read and converted to float32. */
    record TorchStorage(String key, float[] values) {
    }
}
