package io.vexpress.media.kps;

import io.vexpress.media.kps.PickleValues.Container;
import io.vexpress.media.kps.PickleValues.FloatArray;
import io.vexpress.media.kps.PickleValues.None;
import io.vexpress.media.kps.PickleValues.NumpyArray;
import io.vexpress.media.kps.PickleValues.NumpyDtype;
import io.vexpress.media.kps.PickleValues.PyDict;
import io.vexpress.media.kps.PickleValues.PyList;
import io.vexpress.media.kps.PickleValues.TorchStorage;
import io.vexpress.media.kps.PickleValues.Tuple;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle virtual machine that knows only what kps.pth files need: protocol 2 to 5 opcodes for
 * numbers, strings, bytes, lists, tuples, dicts, the memo, persistent ids (torch storages), and REDUCE/BUILD
 * on the allow-listed {@link PickleGlobal}s, which it interprets itself. Any other opcode or global is
 * refused. Memory is bounded by the input size and the stack, memo and nesting limits.
 */
final class RestrictedUnpickler {

    /** Supplies the bytes of a torch storage entry ({@code data/<key>}), at most {@code maxBytes}. */
    interface StorageSource {
        byte[] read(String key, long maxBytes);

        /** The byte order of the storages (torch 2 records it in a {@code byteorder} entry; older files are little-endian). */
        default ByteOrder order() {
            return ByteOrder.LITTLE_ENDIAN;
        }
    }

    static final int MAX_STACK = 1 << 16;
    static final int MAX_MEMO = 1 << 16;
    static final int MAX_MARKS = 64;
    static final int MAX_DEPTH = 32;
    /** Far more than 60 s at 60 fps of keypoints need; bounds every array and storage. */
    static final long MAX_ELEMENTS = 4L << 20;
    /** Bounds lists and dicts (a list can repeat one memoised array without growing the stack). */
    static final int MAX_ITEMS = 1 << 18;
    /**
     * Bounds all containers and their items together, so that live objects stay proportional to this and not
     * to the pickle size (V-Express's layout needs about 27 per frame: 38k frames, 21 minutes at 30 fps).
     */
    static final int MAX_TOTAL_ITEMS = 1 << 20;

    private static final Object MARK = new Object();

    private final byte[] data;
    private final String source;
    private final StorageSource storages;
    private int pos;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final int[] marks = new int[MAX_MARKS];
    private int markCount;
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, TorchStorage> loadedStorages = new HashMap<>();
    private long elementsBuilt;
    private long itemsBuilt;

    private RestrictedUnpickler(byte[] data, String source, StorageSource storages) {
        this.data = data;
        this.source = source;
        this.storages = storages;
    }

    /**
     * Runs the pickle in {@code data} and returns the object at STOP.
     *
     * @param source names the file in error messages
     * @param storages where torch storages come from; null when the file has none
     */
    static Object load(byte[] data, String source, StorageSource storages) {
        return new RestrictedUnpickler(data, source, storages).run();
    }

    private Object run() {
        while (true) {
            if (pos >= data.length) {
                throw new TruncatedKeypointFileException(source + ": the pickle ends at byte " + pos
                        + " without a STOP opcode; the file is truncated. Re-save or re-copy it.");
            }
            int at = pos;
            int op = data[pos++] & 0xFF;
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol < 2 || protocol > 5) {
                        throw malformed(at, "pickle protocol " + protocol + " is not supported (2 to 5 are)");
                    }
                }
                case 0x95 -> skip(8); // FRAME: only a hint for buffered readers
                case '.' -> {
                    if (stack.size() != 1 || markCount != 0) {
                        throw malformed(at, "STOP with " + stack.size() + " values and " + markCount + " marks left");
                    }
                    return stack.get(0);
                }
                case '(' -> {
                    if (markCount == MAX_MARKS) {
                        throw new NestingTooDeepException(source + ": more than " + MAX_MARKS
                                + " nested MARKs at byte " + at + "; no keypoint file nests this deep.");
                    }
                    marks[markCount++] = stack.size();
                }
                case '0' -> pop(at);
                case ']' -> push(counted(new PyList(), 1));
                case ')' -> push(new Tuple(List.of()));
                case '}' -> push(counted(new PyDict(), 1));
                case 'l' -> {
                    PyList list = counted(new PyList(), 1);
                    for (Object o : popMark(at)) {
                        append(list, o, at);
                    }
                    push(list);
                }
                case 't' -> push(tuple(popMark(at), at));
                case 0x85 -> push(tuple(List.of(pop(at)), at));
                case 0x86 -> {
                    Object b = pop(at);
                    Object a = pop(at);
                    push(tuple(List.of(a, b), at));
                }
                case 0x87 -> {
                    Object c = pop(at);
                    Object b = pop(at);
                    Object a = pop(at);
                    push(tuple(List.of(a, b, c), at));
                }
                case 'a' -> {
                    Object v = pop(at);
                    append(asList(peek(at), at), v, at);
                }
                case 'e' -> {
                    List<Object> items = popMark(at);
                    PyList list = asList(peek(at), at);
                    for (Object o : items) {
                        append(list, o, at);
                    }
                }
                case 's' -> {
                    Object v = pop(at);
                    Object k = pop(at);
                    put(asDict(peek(at), at), k, v, at);
                }
                case 'u' -> {
                    List<Object> items = popMark(at);
                    if (items.size() % 2 != 0) {
                        throw malformed(at, "SETITEMS with an odd number of values");
                    }
                    PyDict dict = asDict(peek(at), at);
                    for (int i = 0; i < items.size(); i += 2) {
                        put(dict, items.get(i), items.get(i + 1), at);
                    }
                }
                case 'c' -> {
                    String module = line(at);
                    String name = line(at);
                    push(global(module, name, at));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(at);
                    Object module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw malformed(at, "STACK_GLOBAL needs two strings");
                    }
                    push(global(m, n, at));
                }
                case 'R' -> {
                    Object args = pop(at);
                    Object callable = pop(at);
                    if (!(args instanceof Tuple t)) {
                        throw malformed(at, "REDUCE arguments are not a tuple");
                    }
                    push(reduce(callable, t, at));
                }
                case 'b' -> {
                    Object state = pop(at);
                    build(peek(at), state, at);
                }
                case 'Q' -> push(persistentLoad(pop(at), at));
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'N' -> push(None.NONE);
                case 'J' -> push((long) s32());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (u8() | (u8() << 8)));
                case 0x8a -> push(long1(at));
                case 'G' -> push(Double.longBitsToDouble(ByteBuffer.wrap(take(8, at)).order(ByteOrder.BIG_ENDIAN).getLong()));
                case 'X' -> push(utf8(take(u32len(at), at), at));
                case 0x8c -> push(utf8(take(u8(), at), at));
                case 0x8d -> push(utf8(take(u64len(at), at), at));
                case 'B' -> push(take(u32len(at), at));
                case 'C' -> push(take(u8(), at));
                case 0x8e -> push(take(u64len(at), at));
                case 'q' -> memoPut(u8(), at);
                case 'r' -> memoPut(u32len(at), at);
                case 0x94 -> memoPut(memo.size(), at);
                case 'h' -> push(memoGet(u8(), at));
                case 'j' -> push(memoGet(u32len(at), at));
                default -> throw malformed(at, String.format("pickle opcode 0x%02x ('%s') is not allowed in keypoint files",
                        op, op >= 0x20 && op < 0x7f ? Character.toString(op) : "?"));
            }
        }
    }

    // ---- REDUCE / BUILD / persistent ids: the only places where objects are made --------------------

    private Object global(String module, String name, int at) {
        return PickleGlobal.lookup(module, name).orElseThrow(() -> new ForbiddenPickleGlobalException(source
                + ": the pickle references the global '" + module + "." + name + "' (byte " + at
                + "), which is not allowed in keypoint files. Only numpy float arrays and torch float tensors"
                + " in lists, tuples and dicts are accepted; nothing from the file is ever executed."));
    }

    private Object reduce(Object callable, Tuple args, int at) {
        if (!(callable instanceof PickleGlobal g)) {
            throw malformed(at, "REDUCE on a " + typeName(callable) + ", which is not callable");
        }
        return switch (g) {
            case NUMPY_RECONSTRUCT -> {
                if (args.size() != 3 || args.get(0) != PickleGlobal.NUMPY_NDARRAY) {
                    throw malformed(at, "numpy _reconstruct must be called with numpy.ndarray");
                }
                yield new NumpyArray();
            }
            case NUMPY_DTYPE -> {
                String kind = args.size() >= 1 && args.get(0) instanceof String s ? s : null;
                int bytes;
                if ("f4".equals(kind)) {
                    bytes = 4;
                } else if ("f8".equals(kind)) {
                    bytes = 8;
                } else {
                    throw new KeypointShapeException(source + ": numpy dtype '" + kind
                            + "' is not supported; keypoints must be float32 or float64 arrays.");
                }
                yield new NumpyDtype(bytes);
            }
            case CODECS_ENCODE -> {
                if (args.size() != 2 || !(args.get(0) instanceof String text)
                        || !("latin1".equals(args.get(1)) || "latin-1".equals(args.get(1)))) {
                    throw malformed(at, "_codecs.encode is only allowed as encode(str, 'latin1')");
                }
                byte[] out = new byte[text.length()];
                for (int i = 0; i < out.length; i++) {
                    char c = text.charAt(i);
                    if (c > 0xFF) {
                        throw malformed(at, "a latin1 byte string holds the character U+" + Integer.toHexString(c));
                    }
                    out[i] = (byte) c;
                }
                yield out;
            }
            case BUILTIN_BYTES -> {
                if (args.size() != 0) {
                    throw malformed(at, "bytes() is only allowed without arguments");
                }
                yield new byte[0];
            }
            case ORDERED_DICT -> {
                if (args.size() != 0) {
                    throw malformed(at, "OrderedDict() is only allowed without arguments");
                }
                yield new PyDict();
            }
            case TORCH_REBUILD_TENSOR_V2 -> rebuildTensor(args, at);
            default -> throw malformed(at, "'" + g + "' cannot be called");
        };
    }

    private void build(Object target, Object state, int at) {
        if (target instanceof NumpyDtype dtype) {
            if (!(state instanceof Tuple t) || t.size() < 2 || !(t.get(1) instanceof String order) || order.length() != 1
                    || "<>|=".indexOf(order.charAt(0)) < 0) {
                throw malformed(at, "unexpected numpy dtype state");
            }
            // '=' is the writer's native order; every platform torch and numpy save kps on is little-endian.
            dtype.byteOrder = order.charAt(0) == '>' ? '>' : '<';
        } else if (target instanceof NumpyArray array) {
            buildArray(array, state, at);
        } else {
            throw malformed(at, "BUILD on a " + typeName(target));
        }
    }

    private void buildArray(NumpyArray array, Object state, int at) {
        if (array.values != null) {
            throw malformed(at, "a numpy array is built twice");
        }
        if (!(state instanceof Tuple t) || t.size() != 5 || !(t.get(1) instanceof Tuple shapeTuple)
                || !(t.get(2) instanceof NumpyDtype dtype) || !(t.get(3) instanceof Boolean fortran)) {
            throw malformed(at, "unexpected numpy array state (only float32/float64 arrays are supported)");
        }
        if (!(t.get(4) instanceof byte[] raw)) {
            throw malformed(at, "numpy array data is not a byte string (object arrays are not supported)");
        }
        long[] shape = shape(shapeTuple, at);
        long count = checkedCount(shape, at);
        if (raw.length != count * dtype.elementBytes) {
            throw new KeypointShapeException(source + ": a numpy array of shape " + java.util.Arrays.toString(shape)
                    + " needs " + count * dtype.elementBytes + " bytes but holds " + raw.length + ".");
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(dtype.byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        float[] stored = new float[(int) count];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = dtype.elementBytes == 4 ? buf.getFloat() : (float) buf.getDouble();
        }
        array.shape = shape;
        array.values = fortran ? StridedCopy.fromColumnMajor(stored, shape) : stored;
    }

    private Object persistentLoad(Object pid, int at) {
        if (!(pid instanceof Tuple t) || t.size() != 5 || !"storage".equals(t.get(0))
                || !(t.get(1) instanceof PickleGlobal type) || type.storageElementBytes() == 0
                || !(t.get(2) instanceof String key) || !(t.get(4) instanceof Long numel)) {
            throw malformed(at, "unexpected persistent id (only torch float storages are supported)");
        }
        if (storages == null) {
            throw malformed(at, "a torch storage is referenced outside a torch archive");
        }
        TorchStorage cached = loadedStorages.get(key);
        if (cached != null) {
            return cached;
        }
        if (numel < 0 || numel > MAX_ELEMENTS || elementsBuilt + numel > MAX_ELEMENTS) {
            throw new KeypointFileTooLargeException(source + ": a torch storage declares " + numel
                    + " elements; keypoint files hold far fewer (limit " + MAX_ELEMENTS + ").");
        }
        elementsBuilt += numel;
        int elementBytes = type.storageElementBytes();
        byte[] raw = storages.read(key, numel * elementBytes);
        if (raw.length < numel * elementBytes) {
            throw new TruncatedKeypointFileException(source + ": torch storage '" + key + "' holds " + raw.length
                    + " bytes but declares " + numel + " elements of " + elementBytes + " bytes.");
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(storages.order());
        float[] values = new float[(int) (long) numel];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (type) {
                case FLOAT_STORAGE -> buf.getFloat();
                case DOUBLE_STORAGE -> (float) buf.getDouble();
                case HALF_STORAGE -> HalfFloats.halfToFloat(buf.getShort());
                default -> Float.intBitsToFloat((buf.getShort() & 0xFFFF) << 16); // bfloat16
            };
        }
        TorchStorage storage = new TorchStorage(key, values);
        loadedStorages.put(key, storage);
        return storage;
    }

    private FloatArray rebuildTensor(Tuple args, int at) {
        if (args.size() < 4 || !(args.get(0) instanceof TorchStorage storage) || !(args.get(1) instanceof Long offset)
                || !(args.get(2) instanceof Tuple sizeTuple) || !(args.get(3) instanceof Tuple strideTuple)) {
            throw malformed(at, "unexpected arguments to torch._utils._rebuild_tensor_v2");
        }
        long[] shape = shape(sizeTuple, at);
        long[] stride = shape(strideTuple, at);
        if (stride.length != shape.length) {
            throw malformed(at, "a tensor's stride and size have different ranks");
        }
        long count = checkedCount(shape, at);
        long last = offset;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > 0) {
                last += (shape[d] - 1) * stride[d];
            }
        }
        if (count > 0 && (offset < 0 || last >= storage.values().length)) {
            throw new KeypointShapeException(source + ": a tensor of shape " + java.util.Arrays.toString(shape)
                    + " reads past the end of its storage of " + storage.values().length + " elements.");
        }
        return new FloatArray(shape, StridedCopy.gather(storage.values(), offset, shape, stride));
    }

    // ---- containers -----------------------------------------------------------------------------

    private <T> T counted(T value, int items) {
        itemsBuilt += items;
        if (itemsBuilt > MAX_TOTAL_ITEMS) {
            throw new KeypointFileTooLargeException(source + ": the pickle builds more than " + MAX_TOTAL_ITEMS
                    + " containers and items; keypoint files need far fewer.");
        }
        return value;
    }

    private Tuple tuple(List<Object> items, int at) {
        counted(items, items.size() + 1);
        for (Object o : items) {
            if (depthOf(o) >= MAX_DEPTH) {
                throw tooDeep(at);
            }
        }
        return new Tuple(List.copyOf(items));
    }

    private void append(PyList list, Object value, int at) {
        if (list.items.size() >= MAX_ITEMS) {
            throw new KeypointFileTooLargeException(source + ": a list grows beyond " + MAX_ITEMS + " items.");
        }
        grow(list, value, at);
        list.items.add(counted(value, 1));
    }

    private void put(PyDict dict, Object key, Object value, int at) {
        if (dict.keys.size() >= MAX_ITEMS) {
            throw new KeypointFileTooLargeException(source + ": a dict grows beyond " + MAX_ITEMS + " items.");
        }
        grow(dict, value, at);
        dict.keys.add(key);
        dict.values.add(counted(value, 1));
    }

    private void grow(Container c, Object child, int at) {
        c.depth = Math.max(c.depth, depthOf(child) + 1);
        if (c.depth > MAX_DEPTH) {
            throw tooDeep(at);
        }
    }

    private static int depthOf(Object o) {
        if (o instanceof Container c) {
            return c.depth;
        }
        if (o instanceof Tuple t) {
            int d = 0;
            for (Object i : t.items()) {
                d = Math.max(d, depthOf(i));
            }
            return d + 1;
        }
        return 0;
    }

    private NestingTooDeepException tooDeep(int at) {
        return new NestingTooDeepException(source + ": containers nest more than " + MAX_DEPTH
                + " levels deep at byte " + at + "; keypoint files need three.");
    }

    private PyList asList(Object o, int at) {
        if (o instanceof PyList l) {
            return l;
        }
        throw malformed(at, "APPEND to a " + typeName(o));
    }

    private PyDict asDict(Object o, int at) {
        if (o instanceof PyDict d) {
            return d;
        }
        throw malformed(at, "SETITEM on a " + typeName(o));
    }

    private long[] shape(Tuple t, int at) {
        long[] shape = new long[t.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(t.get(i) instanceof Long v)) {
                throw malformed(at, "a shape or stride holds a " + typeName(t.get(i)));
            }
            shape[i] = v;
        }
        return shape;
    }

    private long checkedCount(long[] shape, int at) {
        long count = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new KeypointShapeException(source + ": negative dimension in shape " + java.util.Arrays.toString(shape) + ".");
            }
            if (s != 0 && count > MAX_ELEMENTS / s) {
                throw new KeypointFileTooLargeException(source + ": an array of shape " + java.util.Arrays.toString(shape)
                        + " is larger than any keypoint sequence (limit " + MAX_ELEMENTS + " values).");
            }
            count *= s;
        }
        if (elementsBuilt + count > MAX_ELEMENTS) {
            throw new KeypointFileTooLargeException(source + ": the arrays in this file hold more than "
                    + MAX_ELEMENTS + " values in total.");
        }
        elementsBuilt += count;
        return count;
    }

    // ---- stack and memo ---------------------------------------------------------------------------

    private void push(Object o) {
        if (stack.size() >= MAX_STACK) {
            throw new NestingTooDeepException(source + ": the pickle stack grows beyond " + MAX_STACK + " values.");
        }
        stack.add(o);
    }

    private Object pop(int at) {
        int floor = markCount == 0 ? 0 : marks[markCount - 1];
        if (stack.size() <= floor) {
            throw malformed(at, "stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek(int at) {
        int floor = markCount == 0 ? 0 : marks[markCount - 1];
        if (stack.size() <= floor) {
            throw malformed(at, "stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark(int at) {
        if (markCount == 0) {
            throw malformed(at, "no MARK to pop to");
        }
        int from = marks[--markCount];
        List<Object> view = stack.subList(from, stack.size());
        List<Object> items = new ArrayList<>(view);
        view.clear();
        return items;
    }

    private void memoPut(long index, int at) {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw new NestingTooDeepException(source + ": the pickle memo grows beyond " + MAX_MEMO + " entries.");
        }
        memo.put(index, peek(at));
    }

    private Object memoGet(long index, int at) {
        Object o = memo.get(index);
        if (o == null) {
            throw malformed(at, "memo entry " + index + " is read before it is written");
        }
        return o;
    }

    // ---- raw reads ---------------------------------------------------------------------------------

    private void need(long n, int at) {
        if (n > data.length - pos) {
            throw new TruncatedKeypointFileException(source + ": the pickle needs " + n + " more bytes at byte " + at
                    + " but only " + (data.length - pos) + " remain; the file is truncated.");
        }
    }

    private int u8() {
        need(1, pos - 1);
        return data[pos++] & 0xFF;
    }

    private int s32() {
        need(4, pos - 1);
        int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8 | (data[pos + 2] & 0xFF) << 16 | (data[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    private long u32len(int at) {
        return s32() & 0xFFFFFFFFL;
    }

    private long u64len(int at) {
        need(8, at);
        long v = ByteBuffer.wrap(data, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        pos += 8;
        if (v < 0) {
            throw new KeypointFileTooLargeException(source + ": a string at byte " + at + " declares a negative or huge length.");
        }
        return v;
    }

    private void skip(int n) {
        need(n, pos - 1);
        pos += n;
    }

    private byte[] take(long n, int at) {
        need(n, at); // a declared length larger than the remaining bytes is refused before allocating
        byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    private long long1(int at) {
        int n = u8();
        if (n > 8) {
            throw malformed(at, "an integer of " + n + " bytes is out of range");
        }
        byte[] b = take(n, at);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        if (n > 0 && n < 8 && (b[n - 1] & 0x80) != 0) {
            v -= 1L << (8 * n); // two's complement sign
        }
        return v;
    }

    private String line(int at) {
        int start = pos;
        while (pos < data.length && data[pos] != '\n') {
            if (pos - start > 256) {
                throw malformed(at, "a GLOBAL name longer than 256 bytes");
            }
            pos++;
        }
        if (pos >= data.length) {
            throw new TruncatedKeypointFileException(source + ": the pickle ends inside a GLOBAL name; the file is truncated.");
        }
        String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    private String utf8(byte[] b, int at) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(at, "a string is not valid UTF-8");
        }
    }

    private KeypointFileException malformed(int at, String what) {
        return new KeypointFileException(source + ": malformed pickle at byte " + at + ": " + what
                + ". The file is damaged or is not a keypoint sequence saved with torch.save.");
    }

    static String typeName(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof PickleGlobal g) {
            return "global " + g;
        }
        return o.getClass().getSimpleName();
    }
}
