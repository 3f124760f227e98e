package org.rnnworkbench.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads every array of an {@code .npz} archive into memory, checking the archive as it goes.
 *
 * <p>Reading is done here rather than with the npy library's {@code NpzFile.Reader} because that
 * reader fails checks this package needs (each is a test in {@code NpyLibraryLimitsTest}):
 * {@link ZipFile} does not verify CRC-32, so a flipped data byte loads silently as a wrong value;
 * it cannot read NumPy's unicode arrays ({@code <U1}), Fortran-ordered arrays (what {@code np.savez}
 * writes for a transposed matrix) or 0-d arrays; it pads a short data block with zeros; and it does
 * not expose an entry's dtype or shape before decoding it. Writing still goes through the library.
 */
final class NpzReader {
    private NpzReader() {}

    /** The prefix every message about a damaged archive starts with. */
    static final String DAMAGED = "not a valid .npz archive (truncated or corrupt)";

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_ENTRIES = 100_000;
    private static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 64;
    /**
     * The most data one entry may hold, checked before it is read: 512 MiB (64 Mi doubles, e.g. a
     * recurrent matrix of 8,192 hidden units), and never more than a quarter of the Java heap.
     */
    static final long MAX_ARRAY_BYTES = 512L << 20;
    /** DEFLATE never expands input by more than about 1032 to 1, so a larger claim is a damaged archive. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    /** One {@code .npy} array: its header, and its data bytes not yet decoded. */
    static final class Array {
        final String name;
        /** The dtype string, e.g. {@code "<f8"}; null for a structured dtype (a list in the header). */
        final String descr;
        final boolean fortranOrder;
        final int[] shape;
        /** Exactly the data bytes when the dtype has a known item size; else everything after the header. */
        final ByteBuffer data;

        Array(String name, String descr, boolean fortranOrder, int[] shape, ByteBuffer data) {
            this.name = name;
            this.descr = descr;
            this.fortranOrder = fortranOrder;
            this.shape = shape;
            this.data = data;
        }

        char kind() {
            return descr == null || descr.length() < 2 ? '?' : descr.charAt(1);
        }

        /** Bytes per element, or -1 when the dtype is not one this reader can size. */
        int itemSize() {
            return itemSize(descr);
        }

        ByteOrder order() {
            return descr != null && descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }

        /** The dtype as NumPy names it: {@code float64}, {@code int32}, {@code <U1}, {@code object}... */
        String dtypeName() {
            if (descr == null) {
                return "a structured dtype";
            }
            int size = itemSize();
            switch (kind()) {
                case 'f': return "float" + 8 * size;
                case 'i': return "int" + 8 * size;
                case 'u': return "uint" + 8 * size;
                case 'c': return "complex" + 8 * size;
                case 'b': return "bool";
                case 'O': return "object";
                default: return descr;
            }
        }

        boolean isFloat64() {
            return kind() == 'f' && itemSize() == 8;
        }

        /** Number of elements, the product of the shape. */
        long size() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** The shape as NumPy prints it: {@code (65,65)}, {@code (27,)}, {@code ()}. */
        String shapeText() {
            return shapeText(shape);
        }

        static String shapeText(int[] shape) {
            StringBuilder s = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                s.append(i > 0 ? "," : "").append(shape[i]);
            }
            return s.append(shape.length == 1 ? ",)" : ")").toString();
        }

        /** The values of a float64 array in C order (last index fastest), whatever the stored order. */
        double[] float64() {
            if (!isFloat64()) {
                throw new IllegalStateException("'" + name + "' is " + dtypeName() + ", not float64");
            }
            double[] stored = new double[(int) size()];
            data.duplicate().order(order()).asDoubleBuffer().get(stored);
            if (!fortranOrder || shape.length < 2) {
                return stored;
            }
            double[] c = new double[stored.length];
            int[] from = fortranToC(shape);
            for (int k = 0; k < c.length; k++) {
                c[k] = stored[from[k]];
            }
            return c;
        }

        /** The values of an integer array in C order. */
        long[] integers() {
            int size = itemSize();
            ByteBuffer b = data.duplicate().order(order());
            long[] stored = new long[(int) size()];
            for (int k = 0; k < stored.length; k++) {
                switch (size) {
                    case 1: stored[k] = kind() == 'u' ? b.get() & 0xFF : b.get(); break;
                    case 2: stored[k] = kind() == 'u' ? b.getShort() & 0xFFFF : b.getShort(); break;
                    case 4: stored[k] = kind() == 'u' ? b.getInt() & 0xFFFFFFFFL : b.getInt(); break;
                    case 8: stored[k] = b.getLong(); break;
                    default: throw new IllegalStateException("'" + name + "' has item size " + size);
                }
            }
            return reorder(stored);
        }

        /**
         * The values of a {@code U} (UTF-32) or {@code S} (bytes) array in C order, with NumPy's
         * trailing NULs stripped. Returns null at an element that is not valid text; an {@code S}
         * array must be ASCII.
         */
        String[] strings() {
            boolean unicode = kind() == 'U';
            int chars = unicode ? itemSize() / 4 : itemSize();
            ByteBuffer b = data.duplicate().order(order());
            String[] stored = new String[(int) size()];
            for (int k = 0; k < stored.length; k++) {
                StringBuilder s = new StringBuilder();
                boolean valid = true;
                int end = 0;
                for (int c = 0; c < chars; c++) {
                    int cp = unicode ? b.getInt() : b.get() & 0xFF;
                    if (!unicode && cp > 0x7F || cp < 0 || cp > Character.MAX_CODE_POINT
                            || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
                        valid = false;
                        continue;
                    }
                    s.appendCodePoint(cp);
                    if (cp != 0) {
                        end = s.length();
                    }
                }
                stored[k] = valid ? s.substring(0, end) : null;
            }
            if (!fortranOrder || shape.length < 2) {
                return stored;
            }
            String[] c = new String[stored.length];
            int[] from = fortranToC(shape);
            for (int k = 0; k < c.length; k++) {
                c[k] = stored[from[k]];
            }
            return c;
        }

        private long[] reorder(long[] stored) {
            if (!fortranOrder || shape.length < 2) {
                return stored;
            }
            long[] c = new long[stored.length];
            int[] from = fortranToC(shape);
            for (int k = 0; k < c.length; k++) {
                c[k] = stored[from[k]];
            }
            return c;
        }

        /** For each C-order position, the position of the same element in Fortran order. */
        private static int[] fortranToC(int[] shape) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            int[] from = new int[n];
            int[] index = new int[shape.length];
            for (int k = 0; k < n; k++) {
                int f = 0;
                for (int d = shape.length - 1; d >= 0; d--) {
                    f = f * shape[d] + index[d];
                }
                from[k] = f;
                for (int d = shape.length - 1; d >= 0; d--) {
                    if (++index[d] < shape[d]) {
                        break;
                    }
                    index[d] = 0;
                }
            }
            return from;
        }

        static int itemSize(String descr) {
            if (descr == null || descr.length() < 3 || "<>|=".indexOf(descr.charAt(0)) < 0) {
                return -1;
            }
            char kind = descr.charAt(1);
            if ("fiucbUS".indexOf(kind) < 0) {
                return -1;
            }
            int n;
            try {
                n = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                return -1;
            }
            if (n <= 0 || n > (1 << 20)) {
                return -1;
            }
            return kind == 'U' ? 4 * n : n;
        }
    }

    /** Reads and checks every entry of the archive at {@code path}, in archive order. */
    static Map<String, Array> read(Path path) {
        Map<String, Array> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile(), StandardCharsets.UTF_8)) {
            if (zip.size() > MAX_ENTRIES) {
                throw new ModelFileException(path, DAMAGED + ": it claims " + zip.size() + " entries");
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String entryName = entry.getName();
                if (!entryName.endsWith(".npy") || entryName.contains("/") || entryName.length() == 4) {
                    throw new ModelFileException(path, "unexpected entry '" + entryName
                            + "': a model file holds only .npy arrays (see ModelFile for the entries)");
                }
                String name = entryName.substring(0, entryName.length() - 4);
                if (arrays.containsKey(name)) {
                    throw new ModelFileException(path, DAMAGED + ": entry '" + entryName + "' appears twice");
                }
                byte[] bytes = entryBytes(path, zip, entry);
                arrays.put(name, parse(path, name, bytes));
            }
        } catch (NoSuchFileException e) {
            throw new ModelFileException(path, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new ModelFileException(path, "cannot read the file (access denied)", e);
        } catch (ZipException e) {
            throw new ModelFileException(path, DAMAGED + ": " + e.getMessage(), e);
        } catch (IOException e) {
            if (!path.toFile().exists()) {
                throw new ModelFileException(path, "no such file", e);
            }
            throw new ModelFileException(path, "cannot read the file: " + e, e);
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException e) {
            // java.util.zip reports some damage (a malformed entry name, an impossible offset) this way
            throw new ModelFileException(path, DAMAGED + ": " + e, e);
        }
        return arrays;
    }

    /** The uncompressed bytes of one entry, checked against the sizes and CRC-32 the archive records. */
    private static byte[] entryBytes(Path path, ZipFile zip, ZipEntry entry) throws IOException {
        String what = DAMAGED + ": entry '" + entry.getName() + "'";
        long declared = entry.getSize();
        if (declared < 0 || declared > MAX_ENTRY_BYTES) {
            throw new ModelFileException(path, what + " claims an impossible size of " + declared + " bytes");
        }
        long compressed = entry.getCompressedSize();
        if (entry.getMethod() == ZipEntry.DEFLATED && compressed >= 0
                && declared > MAX_DEFLATE_RATIO * compressed + 1024) {
            throw new ModelFileException(path, what + " claims " + declared + " bytes from " + compressed
                    + " compressed bytes, more than compression can give");
        }
        if (entry.getMethod() == ZipEntry.STORED && declared > java.nio.file.Files.size(path)) {
            throw new ModelFileException(path, what + " claims " + declared + " bytes, more than the whole file");
        }
        long limit = maxArrayBytes();
        if (declared > limit) {
            throw new ModelFileException(path, "entry '" + entry.getName() + "' holds " + mib(declared)
                    + " of data, more than the " + mib(limit) + " an array may take here (at most "
                    + mib(MAX_ARRAY_BYTES) + ", and a quarter of the Java heap; see -Xmx)");
        }
        // Grown as data arrives rather than sized from the directory, whose size field may itself be damaged.
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(declared, 1 << 16));
        byte[] chunk = new byte[1 << 16];
        long total = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                total += n;
                if (total > declared) {
                    throw new ModelFileException(path, what + " holds more than the " + declared
                            + " bytes the archive records");
                }
                out.write(chunk, 0, n);
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFileException(path, what + " cannot be read: " + e.getMessage(), e);
        }
        if (total != declared) {
            throw new ModelFileException(path, what + " holds " + total + " bytes but the archive records "
                    + declared);
        }
        byte[] bytes = out.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != entry.getCrc()) {
            throw new ModelFileException(path, what + " fails its CRC-32 check");
        }
        return bytes;
    }

    /** The most bytes one entry may hold in this JVM: {@link #MAX_ARRAY_BYTES}, or a quarter of the heap if less. */
    static long maxArrayBytes() {
        return Math.min(MAX_ARRAY_BYTES, Runtime.getRuntime().maxMemory() / 4);
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** Parses the {@code .npy} header of one entry; checks the data length against dtype and shape. */
    private static Array parse(Path path, String name, byte[] bytes) {
        String what = "entry '" + name + "' is not a valid .npy array";
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new ModelFileException(path, what + " (no NPY magic)");
        }
        int major = bytes[6] & 0xFF;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int start;
        if (major == 1) {
            headerLength = b.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new ModelFileException(path, what + " (header cut short)");
            }
            headerLength = b.getInt(8) & 0xFFFFFFFFL;
            start = 12;
        } else {
            throw new ModelFileException(path, what + " (unknown NPY format version " + major + "."
                    + (bytes[7] & 0xFF) + ")");
        }
        if (start + headerLength > bytes.length) {
            throw new ModelFileException(path, what + " (header longer than the entry)");
        }
        String header = new String(bytes, start, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict;
        try {
            dict = PyLiteral.parseHeader(header);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, what + " (malformed header: " + e.getMessage() + ")", e);
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeValue = dict.get("shape");
        if (dict.size() != 3 || !(fortran instanceof Boolean) || !(shapeValue instanceof List)
                || !(descr instanceof String || descr instanceof List)) {
            throw new ModelFileException(path, what + " (the header must hold exactly 'descr', "
                    + "'fortran_order' and 'shape')");
        }
        List<?> shapeList = (List<?>) shapeValue;
        int[] shape = new int[shapeList.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            Object d = shapeList.get(i);
            if (!(d instanceof Long) || (Long) d < 0 || (Long) d > Integer.MAX_VALUE) {
                throw new ModelFileException(path, what + " (shape " + shapeValue + " is not a tuple of sizes)");
            }
            shape[i] = (int) (long) (Long) d;
            // Saturates instead of overflowing; any huge count then fails the data length check.
            long cap = Long.MAX_VALUE / 1024;
            elements = shape[i] == 0 ? 0 : elements > cap / shape[i] ? cap : elements * shape[i];
        }
        int dataStart = (int) (start + headerLength);
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice();
        String descrText = descr instanceof String ? (String) descr : null;
        int itemSize = Array.itemSize(descrText);
        if (itemSize > 0) {
            long expected = elements * itemSize;
            if (expected != data.remaining()) {
                throw new ModelFileException(path, "entry '" + name + "' holds " + data.remaining()
                        + " data bytes but its header says " + Array.shapeText(shape) + " of " + descrText
                        + " (" + expected + " bytes)");
            }
        }
        return new Array(name, descrText, (Boolean) fortran, shape, data);
    }

    /**
     * The subset of Python literal syntax NPY headers use: a dict of strings, booleans, integers,
     * tuples and lists ({@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}).
     */
    static final class PyLiteral {
        private final String s;
        private int pos;

        private PyLiteral(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> parseHeader(String header) {
            PyLiteral p = new PyLiteral(header);
            Object value = p.value(0);
            p.skipSpace();
            if (p.pos != header.length()) {
                throw new IllegalArgumentException("unexpected text after the dictionary at " + p.pos);
            }
            if (!(value instanceof Map)) {
                throw new IllegalArgumentException("not a dictionary");
            }
            return (Map<String, Object>) value;
        }

        private Object value(int depth) {
            if (depth > 16) {
                throw new IllegalArgumentException("nested too deeply");
            }
            skipSpace();
            if (pos >= s.length()) {
                throw new IllegalArgumentException("ends early");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (!closing('}')) {
                    Object key = value(depth + 1);
                    if (!(key instanceof String)) {
                        throw new IllegalArgumentException("dictionary key " + key + " is not a string");
                    }
                    expect(':');
                    if (map.put((String) key, value(depth + 1)) != null) {
                        throw new IllegalArgumentException("key '" + key + "' appears twice");
                    }
                    if (closing('}')) {
                        break;
                    }
                    expect(',');
                }
                return map;
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos++;
                List<Object> list = new ArrayList<>();
                while (!closing(close)) {
                    list.add(value(depth + 1));
                    if (closing(close)) {
                        break;
                    }
                    expect(',');
                }
                return list;
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated string at " + pos);
                }
                String text = s.substring(pos + 1, end);
                if (text.indexOf('\\') >= 0) {
                    throw new IllegalArgumentException("escapes in strings are not supported");
                }
                pos = end + 1;
                return text;
            }
            if (c == '-' || Character.isDigit(c)) {
                int begin = pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                    pos++;
                }
                String digits = s.substring(begin, pos);
                if (pos < s.length() && s.charAt(pos) == 'L') {
                    pos++; // Python 2 long
                }
                try {
                    return Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad integer '" + digits + "'");
                }
            }
            for (String word : new String[] {"True", "False", "None"}) {
                if (s.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("None") ? null : Boolean.valueOf(word.equals("True"));
                }
            }
            throw new IllegalArgumentException("unexpected character '" + c + "' at " + pos);
        }

        private boolean closing(char close) {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == close) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            skipSpace();
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + pos);
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\t'
                    || s.charAt(pos) == '\r')) {
                pos++;
            }
        }
    }
}
