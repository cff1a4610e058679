package io.vexpress.media.kps;

import java.util.Map;
import java.util.Optional;

/**
 * The only globals a kps.pth pickle may name. Each is a marker that {@link RestrictedUnpickler} interprets
 * itself; nothing is looked up or instantiated by name.
 */
enum PickleGlobal {
    NUMPY_RECONSTRUCT,
    NUMPY_NDARRAY,
    NUMPY_DTYPE,
    CODECS_ENCODE,
    BUILTIN_BYTES,
    TORCH_REBUILD_TENSOR_V2,
    ORDERED_DICT,
    FLOAT_STORAGE,
    DOUBLE_STORAGE,
    HALF_STORAGE,
    BFLOAT16_STORAGE;

    private static final Map<String, PickleGlobal> BY_NAME = Map.ofEntries(
            Map.entry("numpy.core.multiarray._reconstruct", NUMPY_RECONSTRUCT),
            // numpy 2 moved the module; files saved with it name the new one.
            Map.entry("numpy._core.multiarray._reconstruct", NUMPY_RECONSTRUCT),
            Map.entry("numpy.ndarray", NUMPY_NDARRAY),
            Map.entry("numpy.dtype", NUMPY_DTYPE),
            Map.entry("_codecs.encode", CODECS_ENCODE),
            // Protocol 2 writes an empty bytes object as __builtin__.bytes().
            Map.entry("__builtin__.bytes", BUILTIN_BYTES),
            Map.entry("builtins.bytes", BUILTIN_BYTES),
            Map.entry("torch._utils._rebuild_tensor_v2", TORCH_REBUILD_TENSOR_V2),
            Map.entry("collections.OrderedDict", ORDERED_DICT),
            Map.entry("torch.FloatStorage", FLOAT_STORAGE),
            Map.entry("torch.DoubleStorage", DOUBLE_STORAGE),
            Map.entry("torch.HalfStorage", HALF_STORAGE),
            Map.entry("torch.BFloat16Storage", BFLOAT16_STORAGE));

    /** The allowed global {@code module.name}, if it is one. */
    static Optional<PickleGlobal> lookup(String module, String name) {
        return Optional.ofNullable(BY_NAME.get(module + "." + name));
    }

    /** Bytes per element for the storage globals, 0 for the others. */
    int storageElementBytes() {
        return switch (this) {
            case FLOAT_STORAGE -> 4;
            case DOUBLE_STORAGE -> 8;
            case HALF_STORAGE, BFLOAT16_STORAGE -> 2;
            default -> 0;
        };
    }
}
