package org.rnnworkbench.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jetbrains.bio.npy.NpzFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why {@link NpzReader} reads archives itself while writing goes through the npy library: each test
 * shows a file the library's {@code NpzFile.Reader} (0.3.5) reads wrongly or cannot read, and that
 * our reader handles. If one of these starts failing, the library has improved and the reader
 * could hand that part back to it.
 */
class NpyLibraryLimitsTest {
    @TempDir
    Path dir;

    @Test
    void libraryDoesNotCheckCrcSoAFlippedByteLoadsAsAWrongValue() throws IOException {
        Path file = dir.resolve("x.npz");
        try (NpzFile.Writer w = NpzFile.write(file, false)) {
            w.write("x", new double[] {1.0, 2.0, 3.0}, new int[] {3}, ByteOrder.LITTLE_ENDIAN);
        }
        byte[] bytes = Files.readAllBytes(file);
        int one = indexOf(bytes, RawNpz.doubles(new double[] {1.0}, ByteOrder.LITTLE_ENDIAN));
        bytes[one + 7] ^= 0x01; // the top byte of 1.0's exponent
        Files.write(file, bytes);

        double[] silentlyWrong;
        try (NpzFile.Reader r = NpzFile.read(file)) {
            silentlyWrong = r.get("x", 1 << 18).asDoubleArray();
        }
        assertNotEquals(1.0, silentlyWrong[0]);
        ModelFileException e = assertThrows(ModelFileException.class, () -> NpzReader.read(file));
        assertTrue(e.getMessage().contains("entry 'x.npy' fails its CRC-32 check"), e.getMessage());
    }

    @Test
    void libraryCannotReadNumpyUnicodeArrays() throws IOException {
        Path file = dir.resolve("u.npz");
        new RawNpz().unicode("v", new int[] {3}, "\n", "a", "é").write(file, false);
        assertThrows(IllegalStateException.class, () -> {
            try (NpzFile.Reader r = NpzFile.read(file)) {
                r.get("v", 1 << 18);
            }
        });
        assertArrayEquals(new String[] {"\n", "a", "é"}, NpzReader.read(file).get("v").strings());
    }

    @Test
    void libraryCannotReadFortranOrderWhichNumpyWritesForTransposedMatrices() throws IOException {
        Path file = dir.resolve("f.npz");
        double[] c = {1, 2, 3, 4, 5, 6};
        new RawNpz().npy("m", "<f8", true, new int[] {2, 3}, RawNpz.doubles(RawNpz.fortran(c, 2, 3),
                ByteOrder.LITTLE_ENDIAN)).write(file, false);
        assertThrows(IllegalStateException.class, () -> {
            try (NpzFile.Reader r = NpzFile.read(file)) {
                r.get("m", 1 << 18);
            }
        });
        assertArrayEquals(c, NpzReader.read(file).get("m").float64());
    }

    @Test
    void libraryCannotReadZeroDimensionalArrays() throws IOException {
        Path file = dir.resolve("s.npz");
        new RawNpz().unicode("config", new int[0], "{\"hidden\": \"65\"}").f8("t", new int[0], new double[] {7})
                .write(file, false);
        assertThrows(RuntimeException.class, () -> {
            try (NpzFile.Reader r = NpzFile.read(file)) {
                r.get("t", 1 << 18);
            }
        });
        assertArrayEquals(new double[] {7}, NpzReader.read(file).get("t").float64());
        assertEquals("{\"hidden\": \"65\"}", NpzReader.read(file).get("config").strings()[0]);
    }

    @Test
    void libraryPadsShortDataWithZeros() throws IOException {
        Path file = dir.resolve("short.npz");
        new RawNpz().npy("x", "<f8", false, new int[] {4}, RawNpz.doubles(new double[] {1, 2, 3},
                ByteOrder.LITTLE_ENDIAN)).write(file, false);
        try (NpzFile.Reader r = NpzFile.read(file)) {
            assertArrayEquals(new double[] {1, 2, 3, 0}, r.get("x", 1 << 18).asDoubleArray());
        }
        ModelFileException e = assertThrows(ModelFileException.class, () -> NpzReader.read(file));
        assertTrue(e.getMessage().contains("entry 'x' holds 24 data bytes but its header says (4,) of <f8"),
                e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
