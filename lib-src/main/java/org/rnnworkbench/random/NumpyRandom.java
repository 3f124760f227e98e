package org.rnnworkbench.random;

import java.util.List;
import java.util.ListIterator;
import java.util.RandomAccess;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.rnnworkbench.tensor.Shapes;
import org.rnnworkbench.tensor.Tensor3;

/**
 * NumPy's legacy random stream ({@code np.random.seed}, {@code np.random.randn}, ... on
 * {@code RandomState} with MT19937), reimplemented so that the same seed and the same calls in the
 * same order give the same numbers:
 *
 * <pre>{@code
 * np.random.seed(1)                      NumpyRandom rng = new NumpyRandom(1);
 * x = np.random.randn(3, 10, 4)          Tensor3 x = rng.randn(3, 10, 4);
 * a0 = np.random.randn(5, 10)            DMatrixRMaj a0 = rng.randn(5, 10);
 * i = np.random.choice(27, p=p)          int i = rng.choice(27, p);
 * }</pre>
 *
 * <p>Uniform doubles, integers, choices, shuffles and permutations are bit for bit NumPy's. Normal
 * draws are too, with one documented exception: NumPy's polar method calls the C library's
 * {@code log}, which on Linux (glibc) is not correctly rounded; this class uses the correctly rounded
 * logarithm, which agrees with glibc's on about 99.92% of arguments. Where they differ, the affected
 * pair of normal values differs by an ulp or two (about 4 values in 10,000).
 *
 * <p>Arrays fill in C order (last index fastest), like NumPy: a {@link DMatrixRMaj} is row-major, and
 * a {@link Tensor3} {@code (n, m, T)} is filled in the order of NumPy's {@code x.ravel()}.
 *
 * <p>As a {@link RandomGenerator}: {@link #nextLong()} is NumPy's 64-bit draw (two 32-bit outputs,
 * the first in the high half), {@link #nextInt()} one 32-bit output, {@link #nextDouble()} is
 * {@link #randomSample()}, {@link #nextGaussian()} is {@link #standardNormal()}, and the bounded
 * {@code nextInt}/{@code nextLong} are {@link #randint(long, long)}. Other inherited methods use the
 * JDK's algorithms on this stream and have no NumPy counterpart.
 *
 * <p>Not for cryptography (MT19937's state is recoverable from 624 outputs). Not thread-safe: confine
 * an instance to one thread, or give each thread its own. Seeding allocates nothing, so re-seeding in
 * a loop (as the assignment's {@code sample} does for every character) is cheap.
 */
public final class NumpyRandom implements RandomGenerator {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    /** Largest seed {@code np.random.seed} accepts: 2**32 − 1. */
    public static final long MAX_SEED = 0xffffffffL;
    /** NumPy's tolerance on the sum of {@code p} in {@code choice}: sqrt(eps of float64) = 2**-26. */
    private static final double P_SUM_TOLERANCE = Math.sqrt(Math.ulp(1.0));

    private final int[] mt = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;
    /** Work array for choice's cumulative sums, grown on demand and reused. */
    private double[] cdf = new double[0];

    /** A generator in the state {@code np.random.seed(seed)} leaves; seed in [0, 2**32 − 1]. */
    public NumpyRandom(long seed) {
        seed(seed);
    }

    /** {@code np.random.seed(seed)}: resets the state and the cached normal value; seed in [0, 2**32 − 1]. */
    public void seed(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException("seed must be in [0, " + MAX_SEED + "] (0 to 2**32 - 1) but was " + seed);
        }
        // An integer seed is one 32-bit word expanded by Knuth's linear recurrence (MT19937's
        // init_genrand); NumPy uses init_by_array only for array seeds.
        int s = (int) seed;
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            s = 1812433253 * (s ^ (s >>> 30)) + i;
            mt[i] = s;
        }
        pos = N;
        hasGauss = false;
        gauss = 0.0;
    }

    // ---------------------------------------------------------------- raw MT19937 output

    /** The next 32-bit output of MT19937 (tempered), as a signed int holding the unsigned bits. */
    private int next32() {
        if (pos == N) {
            regenerate();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** NumPy's next_uint64 for MT19937: the first 32-bit output is the high half. */
    private long next64() {
        long hi = next32() & 0xffffffffL;
        long lo = next32() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    /** Refills all 624 words at once (the "twist"). */
    private void regenerate() {
        int i = 0;
        for (; i < N - M; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
            mt[i] = mt[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; i < N - 1; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
            mt[i] = mt[i + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
        mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        pos = 0;
    }

    // ---------------------------------------------------------------- uniform doubles

    /** {@code np.random.random_sample()}: uniform in [0, 1) with 53 random bits from two 32-bit outputs. */
    public double randomSample() {
        long a = (next32() >>> 5) & 0xffffffffL; // 27 bits
        long b = (next32() >>> 6) & 0xffffffffL; // 26 bits
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code np.random.rand()}: the same as {@link #randomSample()}. */
    public double rand() {
        return randomSample();
    }

    /** {@code np.random.random_sample(size)}: {@code size} uniform values in [0, 1). */
    public double[] randomSample(int size) {
        double[] out = new double[nonNegative("size", size)];
        for (int i = 0; i < out.length; i++) {
            out[i] = randomSample();
        }
        return out;
    }

    /** {@code np.random.rand(rows, cols)}: a (rows, cols) matrix of uniform values in [0, 1), C order. */
    public DMatrixRMaj rand(int rows, int cols) {
        Shapes.positive("rows", rows);
        Shapes.positive("cols", cols);
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < out.data.length; i++) {
            out.data[i] = randomSample();
        }
        return out;
    }

    // ---------------------------------------------------------------- normal

    /**
     * {@code np.random.standard_normal()}: the legacy polar (Marsaglia) method. Each accepted pair
     * of uniforms gives two normals; the second is cached and returned by the next call, and
     * {@link #seed(long)} discards it, as NumPy does.
     */
    public double standardNormal() {
        if (hasGauss) {
            hasGauss = false;
            double g = gauss;
            gauss = 0.0;
            return g;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * randomSample() - 1.0;
            x2 = 2.0 * randomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * CorrectlyRoundedLog.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code np.random.randn()}: the same as {@link #standardNormal()}. */
    public double randn() {
        return standardNormal();
    }

    /** {@code np.random.standard_normal(size)}: {@code size} standard normal values. */
    public double[] standardNormal(int size) {
        double[] out = new double[nonNegative("size", size)];
        for (int i = 0; i < out.length; i++) {
            out[i] = standardNormal();
        }
        return out;
    }

    /** {@code np.random.randn(rows, cols)}: a (rows, cols) matrix of standard normals, filled in C order. */
    public DMatrixRMaj randn(int rows, int cols) {
        Shapes.positive("rows", rows);
        Shapes.positive("cols", cols);
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < out.data.length; i++) {
            out.data[i] = standardNormal();
        }
        return out;
    }

    /** {@code np.random.randn(n, m, T)}: an (n, m, T) tensor of standard normals, filled in C order. */
    public Tensor3 randn(int n, int m, int T) {
        Shapes.positive("n", n);
        Shapes.positive("m", m);
        Shapes.positive("T", T);
        return Tensor3.fromCOrder(n, m, T, standardNormal(Math.multiplyExact(Math.multiplyExact(n, m), T)));
    }

    // ---------------------------------------------------------------- integers

    /** {@code np.random.randint(low, high)}: a uniform integer in [low, high) (NumPy's default int64). */
    public long randint(long low, long high) {
        checkRange(low, high);
        long rng = high - 1 - low; // inclusive span, read as unsigned; wraps correctly for any low < high
        return low + bounded(rng, mask(rng));
    }

    /** {@code np.random.randint(low, high, size)}: {@code size} uniform integers in [low, high). */
    public long[] randint(long low, long high, int size) {
        checkRange(low, high);
        long[] out = new long[nonNegative("size", size)];
        long rng = high - 1 - low;
        long mask = mask(rng);
        for (int i = 0; i < out.length; i++) {
            out[i] = low + bounded(rng, mask);
        }
        return out;
    }

    /**
     * A value in [0, rng] (rng unsigned) by NumPy's masked rejection: draw, keep the bits of the
     * smallest all-ones mask covering rng, retry while above rng. Spans that fit in 32 bits draw
     * 32-bit outputs; a span of exactly 2**32 values takes one output as is, and larger spans draw
     * 64 bits at a time.
     */
    private long bounded(long rng, long mask) {
        if (rng == 0) {
            return 0; // NumPy draws nothing for a single possible value
        }
        if (Long.compareUnsigned(rng, 0xffffffffL) <= 0) {
            if (rng == 0xffffffffL) {
                return next32() & 0xffffffffL;
            }
            long v;
            do {
                v = next32() & mask;
            } while (v > rng);
            return v;
        }
        if (rng == -1L) {
            return next64();
        }
        long v;
        do {
            v = next64() & mask;
        } while (Long.compareUnsigned(v, rng) > 0);
        return v;
    }

    /** The smallest all-ones bit mask covering {@code max} (unsigned). */
    private static long mask(long max) {
        long m = max;
        m |= m >>> 1;
        m |= m >>> 2;
        m |= m >>> 4;
        m |= m >>> 8;
        m |= m >>> 16;
        m |= m >>> 32;
        return m;
    }

    /** NumPy's random_interval: a value in [0, max] by masked rejection on 32-bit outputs (max < 2**31 here). */
    private int interval(int max) {
        if (max == 0) {
            return 0;
        }
        long m = mask(max);
        long v;
        do {
            v = next32() & m;
        } while (v > max);
        return (int) v;
    }

    private static void checkRange(long low, long high) {
        if (low >= high) {
            throw new IllegalArgumentException("low must be less than high but low = " + low + " and high = " + high);
        }
    }

    // ---------------------------------------------------------------- choice

    /** {@code np.random.choice(n)}: a uniform index in [0, n), drawn as {@code randint(0, n)}. */
    public int choice(int n) {
        Shapes.positive("n", n);
        return (int) randint(0, n);
    }

    /**
     * {@code np.random.choice(n, p=p)}: index i with probability p[i]. NumPy's legacy method: the
     * cumulative sum of p divided by its last entry, one uniform draw, and the number of cumulative
     * values at or below it.
     */
    public int choice(int n, double[] p) {
        checkChoice(n, p);
        int len = cumulative(p);
        return searchRight(cdf, len, randomSample());
    }

    /** {@code np.random.choice(n, size, p=p)}: {@code size} indices, one uniform draw each. */
    public int[] choice(int n, double[] p, int size) {
        checkChoice(n, p);
        int[] out = new int[nonNegative("size", size)];
        int len = cumulative(p);
        for (int i = 0; i < out.length; i++) {
            out[i] = searchRight(cdf, len, randomSample());
        }
        return out;
    }

    /** NumPy's checks on p, in NumPy's order: length, NaN in the sum, negative entries, sum not 1. */
    private static void checkChoice(int n, double[] p) {
        Shapes.positive("n", n);
        if (p == null) {
            throw new IllegalArgumentException("p is null");
        }
        if (p.length != n) {
            throw new IllegalArgumentException("p has " + p.length + " entries but n is " + n);
        }
        double sum = kahanSum(p);
        if (Double.isNaN(sum)) {
            throw new IllegalArgumentException("p contains NaN (p[" + firstNaN(p) + "] is NaN)");
        }
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0) {
                throw new IllegalArgumentException("p must not be negative but p[" + i + "] = " + p[i]);
            }
        }
        if (Math.abs(sum - 1.0) > P_SUM_TOLERANCE) {
            throw new IllegalArgumentException("p must sum to 1 (within " + P_SUM_TOLERANCE + ") but sums to " + sum);
        }
    }

    private static int firstNaN(double[] p) {
        for (int i = 0; i < p.length; i++) {
            if (Double.isNaN(p[i])) {
                return i;
            }
        }
        return -1; // the sum is NaN from +inf and -inf entries
    }

    /** NumPy's compensated sum for the check of p (the sampling itself uses the plain cumulative sum). */
    private static double kahanSum(double[] a) {
        if (a.length == 0) {
            return 0.0;
        }
        double sum = a[0];
        double c = 0.0;
        for (int i = 1; i < a.length; i++) {
            double y = a[i] - c;
            double t = sum + y;
            c = (t - sum) - y;
            sum = t;
        }
        return sum;
    }

    /** Fills {@code cdf[0..n)} with cumsum(p) / cumsum(p)[-1]; returns n. */
    private int cumulative(double[] p) {
        int n = p.length;
        if (cdf.length < n) {
            cdf = new double[n];
        }
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += p[i];
            cdf[i] = s;
        }
        double last = cdf[n - 1];
        for (int i = 0; i < n; i++) {
            cdf[i] /= last;
        }
        return n;
    }

    /** searchsorted(side='right'): the number of entries of the sorted {@code a[0..n)} that are <= key. */
    private static int searchRight(double[] a, int n, double key) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ---------------------------------------------------------------- shuffles

    /** {@code np.random.shuffle(a)} in place: Fisher–Yates from the last index down, j = random_interval(i). */
    public void shuffle(int[] a) {
        if (a == null) {
            throw new IllegalArgumentException("a is null");
        }
        for (int i = a.length - 1; i > 0; i--) {
            int j = interval(i);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    /** {@code np.random.shuffle(a)} in place, for doubles; same draws as {@link #shuffle(int[])}. */
    public void shuffle(double[] a) {
        if (a == null) {
            throw new IllegalArgumentException("a is null");
        }
        for (int i = a.length - 1; i > 0; i--) {
            int j = interval(i);
            double tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    /** {@code np.random.shuffle(list)} in place (as for a Python list); same draws as {@link #shuffle(int[])}. */
    public <T> void shuffle(List<T> list) {
        if (list == null) {
            throw new IllegalArgumentException("list is null");
        }
        if (list instanceof RandomAccess) {
            for (int i = list.size() - 1; i > 0; i--) {
                int j = interval(i);
                list.set(i, list.set(j, list.get(i)));
            }
            return;
        }
        // Sequential lists: shuffle a copy, then write it back in one pass.
        @SuppressWarnings("unchecked")
        T[] items = (T[]) list.toArray();
        for (int i = items.length - 1; i > 0; i--) {
            int j = interval(i);
            T tmp = items[i];
            items[i] = items[j];
            items[j] = tmp;
        }
        ListIterator<T> it = list.listIterator();
        for (T item : items) {
            it.next();
            it.set(item);
        }
    }

    /** {@code np.random.permutation(n)}: 0..n−1 shuffled by {@link #shuffle(int[])}. */
    public int[] permutation(int n) {
        int[] a = new int[nonNegative("n", n)];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        shuffle(a);
        return a;
    }

    // ---------------------------------------------------------------- RandomGenerator

    /** NumPy's 64-bit draw: two 32-bit outputs, the first in the high half. */
    @Override
    public long nextLong() {
        return next64();
    }

    /** One 32-bit output. */
    @Override
    public int nextInt() {
        return next32();
    }

    /** {@link #randomSample()}. */
    @Override
    public double nextDouble() {
        return randomSample();
    }

    /** {@link #standardNormal()}. */
    @Override
    public double nextGaussian() {
        return standardNormal();
    }

    /** {@code randint(0, bound)}. */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive but was " + bound);
        }
        return (int) randint(0, bound);
    }

    /** {@code randint(origin, bound)}. */
    @Override
    public int nextInt(int origin, int bound) {
        return (int) randint(origin, bound);
    }

    /** {@code randint(0, bound)}. */
    @Override
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive but was " + bound);
        }
        return randint(0, bound);
    }

    /** {@code randint(origin, bound)}. */
    @Override
    public long nextLong(long origin, long bound) {
        return randint(origin, bound);
    }

    private static int nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative but was " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "NumpyRandom(MT19937, position " + pos + " of " + N + (hasGauss ? ", one normal cached)" : ")");
    }
}
