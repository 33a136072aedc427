package org.crystalgan.potential.torch;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.crystalgan.crystal.InputException;

/**
 * A pickle interpreter that understands just enough of Python's pickle format to rebuild a PyTorch state
 * dict, and nothing else. It has no notion of calling arbitrary code: the few "globals" a state dict
 * refers to are matched against a fixed list and stand for fixed Java actions; any other global, any
 * opcode outside the list, or any value in the wrong place stops the load with a message.
 *
 * <p>The opcodes follow the pickle protocol as documented in CPython's {@code pickletools} module; the
 * shape of a state dict (an {@code OrderedDict} of {@code _rebuild_tensor_v2(storage, offset, size, stride,
 * requires_grad, backward_hooks)} calls with storages as persistent ids) follows PyTorch's
 * {@code torch/serialization.py} and {@code torch/_utils.py}.
 */
final class RestrictedUnpickler {
    /** The storage classes accepted, with the bytes per element of their raw data. */
    enum StorageType {
        FLOAT("FloatStorage", 4), DOUBLE("DoubleStorage", 8), LONG("LongStorage", 8), INT("IntStorage", 4);

        final String pythonName;
        final int bytes;

        StorageType(String pythonName, int bytes) {
            this.pythonName = pythonName;
            this.bytes = bytes;
        }
    }

    /** What a whitelisted global stands for. */
    private enum Callable { ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_PARAMETER }

    /** A global the pickle named: either a callable we emulate or a storage class. */
    private record Global(String qualifiedName, Callable callable, StorageType storage) {
    }

    record Tuple(List<Object> items) {
    }

    /** A persistent id {@code ('storage', torch.XStorage, key, location, numel)}: raw data in {@code data/<key>}. */
    record StorageRef(StorageType type, String key, long numel) {
    }

    /** The arguments of a {@code _rebuild_tensor_v2} call: a strided view into a storage. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    private static final String ALLOWED = "collections.OrderedDict, torch._utils._rebuild_tensor_v2, "
            + "torch._utils._rebuild_parameter and torch.{Float,Double,Long,Int}Storage";

    private static final Map<String, Global> GLOBALS = new HashMap<>();

    static {
        GLOBALS.put("collections.OrderedDict", new Global("collections.OrderedDict", Callable.ORDERED_DICT, null));
        GLOBALS.put("torch._utils._rebuild_tensor_v2", new Global("torch._utils._rebuild_tensor_v2", Callable.REBUILD_TENSOR_V2, null));
        GLOBALS.put("torch._utils._rebuild_parameter", new Global("torch._utils._rebuild_parameter", Callable.REBUILD_PARAMETER, null));
        for (StorageType t : StorageType.values()) GLOBALS.put("torch." + t.pythonName, new Global("torch." + t.pythonName, null, t));
    }

    /** Storage classes that do exist in PyTorch but whose data we do not convert: named so the message can say so. */
    private static final Set<String> KNOWN_UNSUPPORTED_STORAGES = Set.of("HalfStorage", "BFloat16Storage", "ShortStorage",
            "CharStorage", "ByteStorage", "BoolStorage", "ComplexFloatStorage", "ComplexDoubleStorage", "UntypedStorage");

    private final byte[] data;
    private final String where;
    private int pos;
    private int opStart;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private RestrictedUnpickler(byte[] data, String where) {
        this.data = data;
        this.where = where;
    }

    /**
     * Interprets {@code data} (the bytes of {@code data.pkl}) and returns the state dict: keys in file
     * order, each with its view into a storage. {@code where} names the pickle in messages.
     */
    static LinkedHashMap<String, TensorRef> load(byte[] data, String where) {
        Object result = new RestrictedUnpickler(data, where).run();
        if (!(result instanceof LinkedHashMap<?, ?> dict)) {
            throw new InputException(where + ": the pickle holds " + describe(result) + ", not a state dict (an OrderedDict of tensors)");
        }
        LinkedHashMap<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new InputException(where + ": a state-dict key is " + describe(e.getKey()) + ", not a string");
            }
            if (!(e.getValue() instanceof TensorRef t)) {
                throw new InputException(where + ": state-dict entry '" + key + "' is " + describe(e.getValue()) + ", not a tensor");
            }
            out.put(key, t);
        }
        return out;
    }

    private Object run() {
        while (true) {
            opStart = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) fail("pickle protocol " + proto + " is not one torch.save writes");
                }
                case 0x95 -> skip(8); // FRAME: a length hint only; we already hold every byte
                case 'c' -> { // GLOBAL
                    String module = line();
                    String name = line();
                    push(global(module, name));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        fail("STACK_GLOBAL needs two strings, got " + describe(module) + " and " + describe(name));
                        return null;
                    }
                    push(global(m, n));
                }
                case 'q' -> memo.put((long) u8(), top()); // BINPUT
                case 'r' -> memo.put(u32(), top()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), top()); // MEMOIZE
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(u32())); // LONG_BINGET
                case '(' -> marks.add(stack.size()); // MARK
                case '}' -> push(new LinkedHashMap<Object, Object>()); // EMPTY_DICT
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case ']' -> push(new ArrayList<Object>()); // EMPTY_LIST
                case 't' -> push(new Tuple(Collections.unmodifiableList(popToMark()))); // TUPLE
                case 0x85 -> push(tupleOf(1)); // TUPLE1
                case 0x86 -> push(tupleOf(2)); // TUPLE2
                case 0x87 -> push(tupleOf(3)); // TUPLE3
                case 'X' -> push(utf8(u32())); // BINUNICODE
                case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
                case 'J' -> push((long) (int) u32()); // BININT: signed 32-bit
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) (u8() | (u8() << 8))); // BININT2
                case 0x8a -> push(long1()); // LONG1
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'N' -> push(null); // NONE
                case 'G' -> push(binfloat()); // BINFLOAT
                case 'Q' -> push(persistent(pop())); // BINPERSID
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    push(reduce(callable, args));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    Object target = top();
                    // torch.save puts the module versions (_metadata) on the OrderedDict; nothing we need
                    if (!(target instanceof LinkedHashMap<?, ?>) || !(state instanceof LinkedHashMap<?, ?>)) {
                        fail("BUILD of " + describe(target) + " with " + describe(state) + " is not part of a state dict");
                    }
                }
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    dict(top()).put(hashable(key), value);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popToMark();
                    if (items.size() % 2 != 0) fail("SETITEMS with an odd number of items");
                    Map<Object, Object> d = dict(top());
                    for (int i = 0; i < items.size(); i += 2) d.put(hashable(items.get(i)), items.get(i + 1));
                }
                case 'a' -> { // APPEND
                    Object value = pop();
                    list(top()).add(value);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popToMark();
                    list(top()).addAll(items);
                }
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) fail("the pickle stops with " + stack.size() + " values on its stack");
                    return stack.get(0);
                }
                default -> fail(String.format(Locale.ROOT, "pickle opcode 0x%02x is not one a state dict uses; refusing it", op));
            }
        }
    }

    private Global global(String module, String name) {
        Global g = GLOBALS.get(module + "." + name);
        if (g != null) return g;
        if (module.equals("torch") && KNOWN_UNSUPPORTED_STORAGES.contains(name)) {
            fail("tensors stored as torch." + name + " are not supported (only Float, Double, Long and Int storages)");
        }
        fail("the pickle refers to " + module + "." + name + ", which a state dict never needs; refusing to load it"
                + " (allowed: " + ALLOWED + "; nothing in the file is executed)");
        return null;
    }

    private StorageRef persistent(Object pid) {
        if (!(pid instanceof Tuple t) || t.items().size() != 5 || !"storage".equals(t.items().get(0))) {
            fail("persistent id " + describe(pid) + " is not ('storage', type, key, location, numel)");
            return null;
        }
        List<Object> it = t.items();
        if (!(it.get(1) instanceof Global g) || g.storage() == null) {
            fail("persistent id names " + describe(it.get(1)) + " as its storage type");
            return null;
        }
        if (!(it.get(2) instanceof String key) || key.isEmpty() || key.contains("/") || key.contains("\\") || key.contains("..")) {
            fail("persistent id has storage key " + describe(it.get(2)));
            return null;
        }
        if (!(it.get(4) instanceof Long numel) || numel < 0) {
            fail("persistent id of storage " + key + " has element count " + describe(it.get(4)));
            return null;
        }
        return new StorageRef(g.storage(), key, numel);
    }

    private Object reduce(Object callable, Object args) {
        if (!(callable instanceof Global g)) {
            fail("REDUCE calls " + describe(callable) + ", which is not a callable a state dict uses");
            return null;
        }
        if (!(args instanceof Tuple t)) {
            fail("REDUCE of " + g.qualifiedName() + " has arguments " + describe(args) + ", not a tuple");
            return null;
        }
        List<Object> a = t.items();
        if (g.callable() == null) {
            fail(g.qualifiedName() + " is called directly; a state dict only names it in persistent ids");
            return null;
        }
        switch (g.callable()) {
            case ORDERED_DICT -> {
                if (!a.isEmpty()) fail("collections.OrderedDict called with arguments");
                return new LinkedHashMap<Object, Object>();
            }
            case REBUILD_TENSOR_V2 -> {
                // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
                if (a.size() < 6 || a.size() > 7) fail("_rebuild_tensor_v2 takes 6 or 7 arguments, got " + a.size());
                if (!(a.get(0) instanceof StorageRef s)) {
                    fail("_rebuild_tensor_v2 gets " + describe(a.get(0)) + " where a storage belongs");
                    return null;
                }
                if (!(a.get(1) instanceof Long offset) || offset < 0) {
                    fail("_rebuild_tensor_v2 gets storage offset " + describe(a.get(1)));
                    return null;
                }
                long[] size = longs(a.get(2), "size");
                long[] stride = longs(a.get(3), "stride");
                if (size.length != stride.length) fail("tensor size and stride differ in length (" + size.length + " vs " + stride.length + ")");
                if (!(a.get(4) instanceof Boolean)) fail("_rebuild_tensor_v2 gets requires_grad " + describe(a.get(4)));
                if (!(a.get(5) instanceof LinkedHashMap<?, ?> hooks) || !hooks.isEmpty()) {
                    fail("tensor with backward hooks " + describe(a.get(5)) + "; a state dict has none");
                }
                return new TensorRef(s, offset, size, stride);
            }
            case REBUILD_PARAMETER -> {
                // (data, requires_grad, backward_hooks): an nn.Parameter around a tensor
                if (a.size() != 3 || !(a.get(0) instanceof TensorRef tensor)) {
                    fail("_rebuild_parameter needs (tensor, requires_grad, hooks), got " + a.size() + " arguments");
                    return null;
                }
                if (!(a.get(2) instanceof LinkedHashMap<?, ?> hooks) || !hooks.isEmpty()) {
                    fail("parameter with backward hooks " + describe(a.get(2)) + "; a state dict has none");
                }
                return tensor;
            }
            default -> throw new AssertionError(g.callable());
        }
    }

    private long[] longs(Object o, String what) {
        if (!(o instanceof Tuple t)) {
            fail("tensor " + what + " is " + describe(o) + ", not a tuple");
            return null;
        }
        long[] out = new long[t.items().size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.items().get(i) instanceof Long v)) {
                fail("tensor " + what + " holds " + describe(t.items().get(i)));
                return null;
            }
            out[i] = v;
        }
        return out;
    }

    private Tuple tupleOf(int n) {
        if (stack.size() - currentMarkFloor() < n) fail("TUPLE" + n + " on a stack with fewer values");
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return new Tuple(Collections.unmodifiableList(items));
    }

    private List<Object> popToMark() {
        if (marks.isEmpty()) fail("an opcode that needs a MARK found none");
        int m = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private int currentMarkFloor() { return marks.isEmpty() ? 0 : marks.get(marks.size() - 1); }

    private void push(Object o) { stack.add(o); }

    private Object pop() {
        if (stack.size() <= currentMarkFloor()) fail("the pickle pops from an empty stack");
        return stack.remove(stack.size() - 1);
    }

    private Object top() {
        if (stack.size() <= currentMarkFloor()) fail("the pickle reads from an empty stack");
        return stack.get(stack.size() - 1);
    }

    /**
     * State dicts key their dicts by strings; anything else is refused, which also keeps self-referencing
     * lists or tuples (the memo allows them) away from hashCode, where they would recurse without end.
     */
    private Object hashable(Object key) {
        if (!(key instanceof String) && !(key instanceof Long)) fail("a dict key is " + describe(key) + "; a state dict keys by strings");
        return key;
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) fail("the pickle recalls memo slot " + index + ", which was never stored");
        return memo.get(index);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        if (!(o instanceof LinkedHashMap<?, ?>)) fail("SETITEM on " + describe(o) + ", not a dict");
        return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (!(o instanceof ArrayList<?>)) fail("APPEND on " + describe(o) + ", not a list");
        return (List<Object>) o;
    }

    private int u8() {
        need(1);
        return data[pos++] & 0xff;
    }

    private long u32() {
        need(4);
        long v = (data[pos] & 0xffL) | (data[pos + 1] & 0xffL) << 8 | (data[pos + 2] & 0xffL) << 16 | (data[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    private void skip(int n) {
        need(n);
        pos += n;
    }

    private Long long1() {
        int n = u8();
        if (n > 8) fail("an integer of " + n + " bytes is larger than a state dict holds");
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) v |= (data[pos + i] & 0xffL) << (8 * i);
        if (n > 0 && n < 8 && (data[pos + n - 1] & 0x80) != 0) v -= 1L << (8 * n); // two's complement sign
        pos += n;
        return v;
    }

    private Double binfloat() {
        need(8);
        long bits = 0;
        for (int i = 0; i < 8; i++) bits = bits << 8 | (data[pos + i] & 0xffL); // big-endian in pickles
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    private String utf8(long length) {
        if (length > data.length - pos) fail("a string of " + length + " bytes runs past the end of the pickle (truncated?)");
        int n = (int) length;
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(data, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            fail("a string is not valid UTF-8");
            return null;
        }
    }

    private String line() {
        int start = pos;
        while (pos < data.length && data[pos] != '\n') {
            if (pos - start > 200) fail("a GLOBAL name longer than 200 bytes");
            pos++;
        }
        need(1);
        String s = new String(data, start, pos - start, StandardCharsets.US_ASCII);
        pos++;
        return s;
    }

    private void need(int n) {
        if (data.length - pos < n) fail("the pickle ends in the middle of an instruction (truncated file?)");
    }

    private void fail(String cause) {
        throw new InputException(where + ": " + cause + " (at byte " + opStart + ")");
    }

    static String describe(Object o) {
        if (o == null) return "None";
        if (o instanceof String s) return "the string '" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "'";
        if (o instanceof Long || o instanceof Double || o instanceof Boolean) return "the value " + o;
        if (o instanceof Tuple t) return "a tuple of " + t.items().size();
        if (o instanceof LinkedHashMap<?, ?>) return "a dict";
        if (o instanceof ArrayList<?>) return "a list";
        if (o instanceof Global g) return g.qualifiedName();
        if (o instanceof StorageRef) return "a storage";
        if (o instanceof TensorRef) return "a tensor";
        return o.getClass().getSimpleName();
    }
}
