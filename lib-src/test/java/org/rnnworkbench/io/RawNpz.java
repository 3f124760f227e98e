package org.rnnworkbench.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.rnnworkbench.io.ModelFile.Model;
import org.rnnworkbench.io.ModelFile.NamedArray;
import org.rnnworkbench.lm.CellKind;

/**
 * Builds {@code .npz} files byte by byte, the way NumPy lays them out, so tests can make every
 * variant NumPy writes (unicode vocabulary, Fortran order, big-endian, 0-d strings) and every
 * defect a loader must refuse, independently of the code under test.
 */
final class RawNpz {
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    /**
     * The entries NumPy users would write for {@code m}: the cell's name as a 0-d string (not for an
     * RNN), float64 parameters, int32 vocabulary, JSON config.
     */
    static RawNpz of(Model m) {
        RawNpz z = new RawNpz();
        if (m.cell() != CellKind.RNN) {
            z.unicode(ModelFile.CELL, new int[0], m.cell().id());
        }
        for (String name : ModelFile.parameterEntries(m.cell())) {
            NamedArray a = NamedArray.of(m.cellParameters().get(name));
            z.f8(name, a.shape(), a.data());
        }
        int[] cps = m.vocabulary().codePoints().toArray();
        z.npy("vocabulary", "<i4", false, new int[] {cps.length}, ints(cps));
        StringBuilder json = new StringBuilder("{");
        m.config().forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append(quote(k)).append(": ")
                .append(quote(v)));
        z.unicode("config", new int[0], json.append("}").toString());
        m.state().forEach((k, a) -> z.f8("state_" + k, a.shape(), a.data()));
        return z;
    }

    RawNpz f8(String name, int[] shape, double[] cOrder) {
        return npy(name, "<f8", false, shape, doubles(cOrder, ByteOrder.LITTLE_ENDIAN));
    }

    /** A {@code <U n} array of the given strings, n the longest string's length. */
    RawNpz unicode(String name, int[] shape, String... values) {
        int n = 1;
        for (String v : values) {
            n = Math.max(n, v.codePointCount(0, v.length()));
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (String v : values) {
            int[] cps = v.codePoints().toArray();
            for (int i = 0; i < n; i++) {
                b.putInt(i < cps.length ? cps[i] : 0);
            }
        }
        return npy(name, "<U" + n, false, shape, b.array());
    }

    /** An {@code |S n} array of ASCII strings, n the longest string's length. */
    RawNpz ascii(String name, int[] shape, String... values) {
        int n = 1;
        for (String v : values) {
            n = Math.max(n, v.length());
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * n);
        for (String v : values) {
            b.put(java.util.Arrays.copyOf(v.getBytes(StandardCharsets.US_ASCII), n));
        }
        return npy(name, "|S" + n, false, shape, b.array());
    }

    /** An entry with a NumPy version 1.0 header, padded to 64 bytes as NumPy pads it. */
    RawNpz npy(String name, String descr, boolean fortranOrder, int[] shape, byte[] data) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        s.append(shape.length == 1 ? ",)" : ")");
        return npyHeader(name, "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + s + ", }", data);
    }

    /** An entry with the given header dictionary text. */
    RawNpz npyHeader(String name, String dict, byte[] data) {
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h).put(data);
        return raw(name + ".npy", b.array());
    }

    RawNpz raw(String entryName, byte[] bytes) {
        entries.put(entryName, bytes);
        return this;
    }

    RawNpz remove(String name) {
        entries.remove(name + ".npy");
        return this;
    }

    void write(Path path, boolean compressed) throws IOException {
        try (OutputStream out = Files.newOutputStream(path); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (!compressed) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }

    static byte[] doubles(double[] v, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(order);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    static byte[] ints(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : v) {
            b.putInt(i);
        }
        return b.array();
    }

    /** {@code v} in Fortran order (first index fastest) for a 2-D shape. */
    static double[] fortran(double[] cOrder, int rows, int cols) {
        double[] f = new double[cOrder.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                f[j * rows + i] = cOrder[i * cols + j];
            }
        }
        return f;
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
