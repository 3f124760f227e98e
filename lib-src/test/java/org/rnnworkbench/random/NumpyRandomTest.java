package org.rnnworkbench.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.rnnworkbench.Golden;
import org.rnnworkbench.tensor.Tensor3;

/**
 * Compares NumpyRandom with NumPy's legacy stream through {@code golden/numpy_random.json} (written
 * by {@code lib-src/reference/golden_random.py}): for every seed and stream, the SHA-256 of the
 * values' 64-bit patterns. Each stream below makes the same calls, in the same order, as the
 * function of the same name in the generator.
 */
class NumpyRandomTest {
    private static final JsonObject FIXTURE = Golden.load("numpy_random.json");
    private static final int COUNT = FIXTURE.get("count").getAsInt();
    private static final double[] P27 = Golden.data(FIXTURE.get("p27"));
    private static final double[] P27_ZEROS = Golden.data(FIXTURE.get("p27_zeros"));

    // ------------------------------------------------------------ recorded streams

    /** A stream of 64-bit patterns: doubles by their IEEE bits, integers as int64. */
    static final class Values {
        long[] bits = new long[1024];
        int n;

        void d(double v) {
            add(Double.doubleToRawLongBits(v));
        }

        void d(double[] a) {
            for (double v : a) {
                d(v);
            }
        }

        void d(DMatrixRMaj m) {
            for (int i = 0; i < m.getNumElements(); i++) {
                d(m.data[i]);
            }
        }

        void i(long v) {
            add(v);
        }

        void i(long[] a) {
            for (long v : a) {
                add(v);
            }
        }

        void i(int[] a) {
            for (int v : a) {
                add(v);
            }
        }

        private void add(long v) {
            if (n == bits.length) {
                bits = java.util.Arrays.copyOf(bits, 2 * n);
            }
            bits[n++] = v;
        }

        String sha256() {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                ByteBuffer buf = ByteBuffer.allocate(8); // big-endian, as the generator packs them
                for (int k = 0; k < n; k++) {
                    buf.clear();
                    buf.putLong(bits[k]);
                    md.update(buf.array());
                }
                return HexFormat.of().formatHex(md.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void rand(NumpyRandom r, Values v) {
        for (int k = 0; k < 100; k++) {
            v.d(r.rand());
        }
        v.d(r.rand(50, 20));
        v.d(r.randomSample(COUNT - 1100));
    }

    private static void randn(NumpyRandom r, Values v) {
        int[] firstShape = ints(FIXTURE.getAsJsonArray("randn_first"));
        JsonArray cycle = FIXTURE.getAsJsonArray("randn_shapes");
        int remaining = FIXTURE.get("randn_total").getAsInt();
        for (int k = 0; remaining > 0; k++) {
            int[] shape = k == 0 ? firstShape : ints(cycle.get((k - 1) % cycle.size()).getAsJsonArray());
            int size = 1;
            for (int s : shape) {
                size *= s;
            }
            if (size > remaining) {
                shape = new int[] {remaining};
                size = remaining;
            }
            switch (shape.length) {
                case 0 -> v.d(r.randn());
                case 1 -> v.d(r.standardNormal(shape[0]));
                case 2 -> v.d(r.randn(shape[0], shape[1]));
                case 3 -> v.d(r.randn(shape[0], shape[1], shape[2]).toCOrder());
                default -> throw new IllegalStateException("shape " + java.util.Arrays.toString(shape));
            }
            remaining -= size;
        }
    }

    private static BiConsumer<NumpyRandom, Values> randint(long low, long high) {
        return (r, v) -> {
            for (int k = 0; k < 100; k++) {
                v.i(r.randint(low, high));
            }
            v.i(r.randint(low, high, COUNT - 100));
        };
    }

    private static void randintMixed(NumpyRandom r, Values v) {
        JsonArray ranges = FIXTURE.getAsJsonArray("mixed_ranges");
        for (int k = 0; k < COUNT; k++) {
            JsonArray lh = ranges.get(k % ranges.size()).getAsJsonArray();
            v.i(r.randint(lh.get(0).getAsLong(), lh.get(1).getAsLong()));
        }
    }

    private static BiConsumer<NumpyRandom, Values> choice(double[] p) {
        return (r, v) -> {
            for (int k = 0; k < 100; k++) {
                v.i(r.choice(27, p));
            }
            v.i(r.choice(27, p, COUNT - 100));
        };
    }

    private static void choiceUniform(NumpyRandom r, Values v) {
        for (int k = 0; k < COUNT; k++) {
            v.i(r.choice(27));
        }
    }

    private static void shuffleInts(NumpyRandom r, Values v) {
        int[] a = range(100);
        for (int k = 0; k < COUNT / 100; k++) {
            r.shuffle(a);
            v.i(a);
        }
    }

    private static void shuffleDoubles(NumpyRandom r, Values v) {
        double[] a = new double[100];
        for (int k = 0; k < a.length; k++) {
            a[k] = k;
        }
        for (int k = 0; k < COUNT / 100; k++) {
            r.shuffle(a);
            for (double x : a) {
                v.i((long) x);
            }
        }
    }

    private static BiConsumer<NumpyRandom, Values> shuffleList(boolean linked) {
        return (r, v) -> {
            List<Integer> a = linked ? new LinkedList<>() : new ArrayList<>();
            for (int k = 0; k < 100; k++) {
                a.add(k);
            }
            for (int k = 0; k < COUNT / 100; k++) {
                r.shuffle(a);
                for (int x : a) {
                    v.i(x);
                }
            }
        };
    }

    private static void permutation(NumpyRandom r, Values v) {
        for (int k = 0; k < COUNT / 1000; k++) {
            v.i(r.permutation(1000));
        }
    }

    private static void mixed(NumpyRandom r, Values v) {
        for (int k = 0; k < 500; k++) {
            v.d(r.standardNormal(3));
            v.d(r.rand());
            v.i(r.randint(0, 27));
            v.i(r.choice(27, P27));
            v.d(r.randn());
            v.i(r.randint(-5, 5, 2));
            v.d(r.randomSample(2));
            v.i(r.choice(27));
            v.d(r.randn(2, 2));
            v.i(r.permutation(5));
        }
    }

    // ------------------------------------------------------------ hash comparisons

    @TestFactory
    Stream<DynamicTest> everyStreamMatchesNumpyForEverySeed() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement seedElement : FIXTURE.getAsJsonArray("seeds")) {
            long seed = seedElement.getAsLong();
            JsonObject streams = FIXTURE.getAsJsonObject("streams").getAsJsonObject(Long.toString(seed));
            add(tests, seed, streams, "rand", "rand", NumpyRandomTest::rand);
            add(tests, seed, streams, "randn", "randn", NumpyRandomTest::randn);
            for (JsonElement e : FIXTURE.getAsJsonArray("randint_ranges")) {
                JsonArray r = e.getAsJsonArray();
                String name = r.get(0).getAsString();
                add(tests, seed, streams, name, name, randint(r.get(1).getAsLong(), r.get(2).getAsLong()));
            }
            add(tests, seed, streams, "randint_mixed", "randint_mixed", NumpyRandomTest::randintMixed);
            add(tests, seed, streams, "choice_p27", "choice_p27", choice(P27));
            add(tests, seed, streams, "choice_p27_zeros", "choice_p27_zeros", choice(P27_ZEROS));
            add(tests, seed, streams, "choice_uniform", "choice_uniform", NumpyRandomTest::choiceUniform);
            add(tests, seed, streams, "shuffle", "shuffle int[]", NumpyRandomTest::shuffleInts);
            add(tests, seed, streams, "shuffle", "shuffle double[]", NumpyRandomTest::shuffleDoubles);
            add(tests, seed, streams, "shuffle", "shuffle ArrayList", shuffleList(false));
            add(tests, seed, streams, "shuffle", "shuffle LinkedList", shuffleList(true));
            add(tests, seed, streams, "permutation", "permutation", NumpyRandomTest::permutation);
            add(tests, seed, streams, "mixed", "mixed", NumpyRandomTest::mixed);
        }
        return tests.stream();
    }

    private static void add(List<DynamicTest> tests, long seed, JsonObject streams, String stream, String label,
            BiConsumer<NumpyRandom, Values> draw) {
        JsonObject expected = streams.getAsJsonObject(stream);
        if (expected == null) {
            throw new IllegalStateException("fixture has no stream " + stream + " for seed " + seed);
        }
        tests.add(DynamicTest.dynamicTest(label + ", seed " + seed, () -> {
            Values v = new Values();
            draw.accept(new NumpyRandom(seed), v);
            assertMatches(label + ", seed " + seed, expected, v);
        }));
    }

    /**
     * Applies the fixture's patches (NumPy values that come from glibc's log rounding differently;
     * our value there must be the correctly rounded one), then compares count and hash.
     */
    private static void assertMatches(String what, JsonObject expected, Values v) {
        assertEquals(expected.get("count").getAsInt(), v.n, what + ": number of values");
        applyPatches(what, expected.getAsJsonArray("patches"), v.bits);
        String sha = v.sha256();
        if (!sha.equals(expected.get("sha256").getAsString())) {
            StringBuilder msg = new StringBuilder(what + ": SHA-256 differs from NumPy's. First values (expected / actual):");
            JsonArray first = expected.getAsJsonArray("first");
            boolean ints = expected.get("type").getAsString().equals("int64");
            for (int k = 0; k < first.size(); k++) {
                long e = ints ? first.get(k).getAsLong() : Long.parseUnsignedLong(first.get(k).getAsString(), 16);
                msg.append(String.format("%n  [%d] %s / %s", k, show(e, ints), show(v.bits[k], ints)));
            }
            fail(msg.toString());
        }
    }

    private static void applyPatches(String what, JsonArray patches, long[] bits) {
        if (patches == null) {
            return;
        }
        for (JsonElement e : patches) {
            JsonObject p = e.getAsJsonObject();
            int k = p.get("index").getAsInt();
            long numpy = Long.parseUnsignedLong(p.get("numpy").getAsString(), 16);
            long rounded = Long.parseUnsignedLong(p.get("correctly_rounded").getAsString(), 16);
            assertEquals(show(rounded, false), show(bits[k], false),
                    what + "[" + k + "]: a normal value computed with the correctly rounded log");
            double ulps = Math.abs(Double.longBitsToDouble(numpy) - Double.longBitsToDouble(rounded))
                    / Math.ulp(Double.longBitsToDouble(numpy));
            assertTrue(ulps <= 4, what + "[" + k + "]: NumPy's value is " + ulps + " ulps away");
            bits[k] = numpy;
        }
    }

    private static String show(long bits, boolean isInt) {
        return isInt ? Long.toString(bits) : String.format("%016x (%s)", bits, Double.longBitsToDouble(bits));
    }

    // ------------------------------------------------------------ the assignment's fill order

    @Test
    void rnnForwardDrawsMatchNumpyValueForValue() {
        JsonObject fill = FIXTURE.getAsJsonObject("randn_fill");
        NumpyRandom rng = new NumpyRandom(1);
        Tensor3 x = rng.randn(3, 10, 4);
        DMatrixRMaj a0 = rng.randn(5, 10);
        assertArrayEquals(Golden.shape(fill.get("x")), x.shape());
        assertEquals(5, a0.numRows);
        assertEquals(10, a0.numCols);

        double[] expectedX = Golden.data(fill.get("x"));
        double[] expectedA0 = Golden.data(fill.get("a0"));
        long[] actual = new long[expectedX.length + expectedA0.length];
        double[] flatX = x.toCOrder();
        for (int k = 0; k < flatX.length; k++) {
            actual[k] = Double.doubleToRawLongBits(flatX[k]);
        }
        for (int k = 0; k < expectedA0.length; k++) {
            actual[flatX.length + k] = Double.doubleToRawLongBits(a0.data[k]);
        }
        applyPatches("randn_fill", fill.getAsJsonArray("patches"), actual);
        for (int k = 0; k < actual.length; k++) {
            double e = k < expectedX.length ? expectedX[k] : expectedA0[k - expectedX.length];
            assertEquals(Double.doubleToRawLongBits(e), actual[k], "value " + k + ": expected " + e + " but got "
                    + Double.longBitsToDouble(actual[k]));
        }
        // x[i][j][t] is NumPy's x[i, j, t]: spot-check the layout independently of toCOrder.
        assertEquals(expectedX[(2 * 10 + 7) * 4 + 3], x.get(2, 7, 3));
        assertEquals(expectedA0[4 * 10 + 9], a0.get(4, 9));
    }

    @Test
    void choiceEdgeCasesMatchNumpy() {
        // Draws exactly on a cumulative probability (right-side search) and inside the window that
        // dividing by the last cumulative value moves; random streams almost never hit either.
        for (JsonElement e : FIXTURE.getAsJsonArray("choice_edges")) {
            JsonObject c = e.getAsJsonObject();
            double[] p = Golden.data(c.get("p"));
            long seed = c.get("seed").getAsLong();
            assertEquals(c.get("index").getAsInt(), new NumpyRandom(seed).choice(p.length, p),
                    "choice(" + p.length + ", " + java.util.Arrays.toString(p) + ") after seed " + seed);
            assertEquals(c.get("index").getAsInt(), new NumpyRandom(seed).choice(p.length, p, 1)[0]);
        }
    }

    // ------------------------------------------------------------ the logarithm

    @Test
    void logIsCorrectlyRounded() {
        JsonObject log = FIXTURE.getAsJsonObject("log");
        int count = log.get("count").getAsInt();
        double[] u = new NumpyRandom(7).randomSample(count);
        Values v = new Values();
        for (int k = 0; k < count; k++) {
            double x = switch (k % 4) {
                case 0 -> u[k] > 0 ? u[k] : 1.0;
                case 1 -> 1.0 + (u[k] - 0.5) * 0.25;
                case 2 -> Math.scalb(0.5 + u[k] / 2, k % 2001 - 1000);
                default -> 1.0 + (u[k] - 0.5) * 0x1p-30;
            };
            if (k < 8) {
                assertEquals(log.getAsJsonArray("first_x").get(k).getAsString(),
                        String.format("%016x", Double.doubleToRawLongBits(x)), "argument " + k);
            }
            double y = CorrectlyRoundedLog.log(x);
            assertTrue(Math.abs(y - Math.log(x)) <= Math.ulp(y), "log(" + x + ") = " + y + " is more than an ulp from Math.log");
            v.d(y);
        }
        JsonObject expected = new JsonObject();
        expected.add("count", log.get("count"));
        expected.add("sha256", log.get("sha256"));
        expected.add("first", log.get("first"));
        expected.addProperty("type", "float64");
        assertMatches("log", expected, v);
    }

    @Test
    void logSpecialValues() {
        assertEquals(0.0, CorrectlyRoundedLog.log(1.0));
        assertEquals(Double.NEGATIVE_INFINITY, CorrectlyRoundedLog.log(0.0));
        assertEquals(Double.POSITIVE_INFINITY, CorrectlyRoundedLog.log(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(CorrectlyRoundedLog.log(-1.0)));
        assertTrue(Double.isNaN(CorrectlyRoundedLog.log(Double.NaN)));
        // Subnormals go through the rescaling branch; StrictMath (fdlibm) is within an ulp.
        for (double x : new double[] {Double.MIN_VALUE, 3e-310, 0x1p-1060, Double.MIN_NORMAL, Double.MAX_VALUE}) {
            double y = CorrectlyRoundedLog.log(x);
            assertTrue(Math.abs(y - StrictMath.log(x)) <= Math.ulp(y), "log(" + x + ") = " + y);
        }
    }

    // ------------------------------------------------------------ the Gaussian cache

    @Test
    void reseedingDiscardsTheCachedNormal() {
        NumpyRandom rng = new NumpyRandom(3);
        double first = rng.randn(); // the second value of the pair is now cached
        rng.seed(3);
        assertEquals(Double.doubleToRawLongBits(first), Double.doubleToRawLongBits(rng.randn()),
                "after seed(3) the first normal must be the first of a fresh stream, not the cached one");
        // ... and that value is NumPy's first normal for seed 3.
        JsonObject randn = FIXTURE.getAsJsonObject("streams").getAsJsonObject("3").getAsJsonObject("randn");
        long expected = Long.parseUnsignedLong(randn.getAsJsonArray("first").get(0).getAsString(), 16);
        for (JsonElement p : randn.getAsJsonArray("patches")) {
            if (p.getAsJsonObject().get("index").getAsInt() == 0) {
                expected = Long.parseUnsignedLong(p.getAsJsonObject().get("correctly_rounded").getAsString(), 16);
            }
        }
        assertEquals(expected, Double.doubleToRawLongBits(first));
    }

    @Test
    void theCachedNormalSurvivesOtherDraws() {
        NumpyRandom a = new NumpyRandom(11);
        NumpyRandom b = new NumpyRandom(11);
        a.randn();
        double cached = a.randn();
        b.randn();
        b.rand();
        b.randint(0, 27);
        assertEquals(Double.doubleToRawLongBits(cached), Double.doubleToRawLongBits(b.randn()));
        assertNotEquals(Double.doubleToRawLongBits(a.randn()), Double.doubleToRawLongBits(b.randn()),
                "b drew three extra 32-bit words, so the next pair differs");
    }

    // ------------------------------------------------------------ RandomGenerator

    @Test
    void randomGeneratorMethodsAreTheNumpyOnes() {
        NumpyRandom a = new NumpyRandom(42);
        NumpyRandom b = new NumpyRandom(42);
        for (int k = 0; k < 1000; k++) {
            assertEquals(b.randint(0, 27), a.nextInt(27));
            assertEquals(b.randint(-5, 5), a.nextLong(-5, 5));
            assertEquals(Double.doubleToRawLongBits(b.rand()), Double.doubleToRawLongBits(a.nextDouble()));
            assertEquals(Double.doubleToRawLongBits(b.randn()), Double.doubleToRawLongBits(a.nextGaussian()));
            // a span of 2**32 values is one raw 32-bit output, read unsigned
            assertEquals(b.randint(0, 1L << 32), Integer.toUnsignedLong(a.nextInt()));
        }
        assertThrows(IllegalArgumentException.class, () -> a.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> a.nextLong(-1));
    }

    // ------------------------------------------------------------ bad input

    @Test
    void seedOutsideZeroTo2Pow32Minus1IsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(-1));
        assertTrue(e.getMessage().contains("seed") && e.getMessage().contains("-1")
                && e.getMessage().contains("4294967295"), e.getMessage());
        NumpyRandom rng = new NumpyRandom(0);
        e = assertThrows(IllegalArgumentException.class, () -> rng.seed(1L << 32));
        assertTrue(e.getMessage().contains("seed") && e.getMessage().contains("4294967296"), e.getMessage());
        rng.seed(NumpyRandom.MAX_SEED); // the largest seed is accepted
    }

    @Test
    void choiceRejectsBadProbabilities() {
        NumpyRandom rng = new NumpyRandom(0);
        assertMessage("p has 26 entries but n is 27", () -> rng.choice(27, new double[26]));
        assertMessage("p has 3 entries but n is 2", () -> rng.choice(2, new double[] {0.2, 0.3, 0.5}, 4));

        double[] p = P27.clone();
        p[3] = Double.NaN;
        assertMessageContains(() -> rng.choice(27, p), "p", "NaN", "p[3]");

        double[] negative = {0.5, -0.1, 0.6};
        assertMessageContains(() -> rng.choice(3, negative), "p", "negative", "p[1]", "-0.1");

        double[] short1 = {0.25, 0.25, 0.25};
        assertMessageContains(() -> rng.choice(3, short1), "p", "sum", "0.75");

        // NumPy's tolerance is sqrt(eps) = 2**-26 ≈ 1.49e-8 on the compensated sum.
        rng.choice(2, new double[] {0.5, 0.5 + 1e-8});
        assertMessageContains(() -> rng.choice(2, new double[] {0.5, 0.5 + 2e-8}), "p", "sum");

        assertMessageContains(() -> rng.choice(3, null), "p");
        assertMessageContains(() -> rng.choice(0, new double[0]), "n", "0");
        assertMessageContains(() -> rng.choice(0), "n", "0");
        assertMessageContains(() -> rng.choice(2, new double[] {0.5, 0.5}, -1), "size", "-1");
    }

    @Test
    void randintRejectsAnEmptyRange() {
        NumpyRandom rng = new NumpyRandom(0);
        assertMessageContains(() -> rng.randint(5, 5), "low", "high", "5");
        assertMessageContains(() -> rng.randint(6, 5, 3), "low", "high", "6");
        assertMessageContains(() -> rng.randint(0, 5, -2), "size", "-2");
    }

    @Test
    void otherBadSizesAreRejected() {
        NumpyRandom rng = new NumpyRandom(0);
        assertMessageContains(() -> rng.randomSample(-1), "size");
        assertMessageContains(() -> rng.standardNormal(-3), "size", "-3");
        assertMessageContains(() -> rng.randn(0, 4), "rows");
        assertMessageContains(() -> rng.rand(2, -1), "cols");
        assertMessageContains(() -> rng.randn(3, 0, 2), "m");
        assertMessageContains(() -> rng.permutation(-1), "n");
        assertMessageContains(() -> rng.shuffle((int[]) null), "a");
        assertMessageContains(() -> rng.shuffle((List<Object>) null), "list");
    }

    @Test
    void validationHappensBeforeAnyDraw() {
        NumpyRandom a = new NumpyRandom(9);
        NumpyRandom b = new NumpyRandom(9);
        assertThrows(IllegalArgumentException.class, () -> a.choice(3, new double[] {0.3, 0.3, 0.3}));
        assertThrows(IllegalArgumentException.class, () -> a.randint(1, 1));
        assertEquals(Double.doubleToRawLongBits(b.rand()), Double.doubleToRawLongBits(a.rand()));
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertEquals(expected, e.getMessage());
    }

    private static void assertMessageContains(Runnable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" should name " + part);
        }
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int k = 0; k < n; k++) {
            a[k] = k;
        }
        return a;
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = a.get(k).getAsInt();
        }
        return out;
    }
}
