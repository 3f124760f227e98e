package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnworkbench.Golden;
import org.rnnworkbench.cells.RnnParameters;
import org.rnnworkbench.random.NumpyRandom;

class SamplerTest {
    private static final JsonObject FIXTURE = Golden.load("lm_sample.json");

    /** {@code '\n'} then the first {@code size − 1} letters, as the assignment's 27-character vocabulary. */
    static Vocabulary newlineAndLetters(int size) {
        StringBuilder sb = new StringBuilder("\n");
        for (int i = 0; i < size - 1; i++) {
            sb.append((char) ('a' + i));
        }
        return Vocabulary.fromText(sb.toString());
    }

    /** The assignment's test cell: seed 24; Wax, Waa, Wya, b, by drawn in that order. */
    static RnnParameters officialParameters(JsonObject official) {
        int nA = official.get("n_a").getAsInt();
        int v = official.get("vocab_size").getAsInt();
        NumpyRandom rng = new NumpyRandom(official.get("seed").getAsLong());
        var Wax = rng.randn(nA, v);
        var Waa = rng.randn(nA, nA);
        var Wya = rng.randn(v, nA);
        var b = rng.randn(nA, 1);
        var by = rng.randn(v, 1);
        RnnParameters p = new RnnParameters(Waa, Wax, Wya, b, by);
        JsonObject check = official.getAsJsonObject("check");
        for (String k : new String[] {"Wax", "Waa", "Wya", "b", "by"}) {
            LmFixtures.assertSummary("drawn " + k, check.getAsJsonObject(k), p.get(k), 1e-12);
        }
        return p;
    }

    @Test
    void assignmentTestCell() {
        JsonObject official = FIXTURE.getAsJsonObject("official");
        RnnParameters p = officialParameters(official);
        Vocabulary v = newlineAndLetters(official.get("vocab_size").getAsInt());
        int[] indices = Sampler.sample(p, v, 0);
        assertArrayEquals(LmFixtures.indices(official.get("indices")), indices);
        assertEquals(official.get("chars").getAsString(), v.decode(indices));
        for (Map.Entry<String, JsonElement> e : official.getAsJsonObject("by_seed").entrySet()) {
            assertArrayEquals(LmFixtures.indices(e.getValue()), Sampler.sample(p, v, Integer.parseInt(e.getKey())),
                    "seed " + e.getKey());
        }
    }

    @Test
    void smallModelsIncludingTheFiftyCharacterCap() {
        boolean sawCap = false;
        for (JsonElement e : FIXTURE.getAsJsonArray("small")) {
            JsonObject c = e.getAsJsonObject();
            RnnParameters p = LmFixtures.parameters(c.getAsJsonObject("parameters"));
            Vocabulary v = newlineAndLetters(p.nY());
            for (Map.Entry<String, JsonElement> s : c.getAsJsonObject("samples").entrySet()) {
                int[] expected = LmFixtures.indices(s.getValue());
                int[] actual = Sampler.sample(p, v, Integer.parseInt(s.getKey()));
                assertArrayEquals(expected, actual, "seed " + s.getKey());
                assertEquals(v.newlineIndex(), actual[actual.length - 1]);
                sawCap |= actual.length == Sampler.MAX_LENGTH + 1;
            }
        }
        assertTrue(sawCap, "the fixture must reach the 50-character cap");
    }

    @Test
    void temperatureOneAndEmptyPrefixIsThePlainSample() {
        RnnParameters p = officialParameters(FIXTURE.getAsJsonObject("official"));
        Vocabulary v = newlineAndLetters(27);
        for (int seed = 0; seed < 5; seed++) {
            assertArrayEquals(Sampler.sample(p, v, seed), Sampler.sample(p, v, seed, 1.0, ""));
        }
    }

    @Test
    void prefixIsKeptAndConditionsTheRest() {
        RnnParameters p = officialParameters(FIXTURE.getAsJsonObject("official"));
        Vocabulary v = newlineAndLetters(27);
        int[] withPrefix = Sampler.sample(p, v, 3, 1.0, "xe");
        assertEquals('x', v.ixToChar(withPrefix[0]));
        assertEquals('e', v.ixToChar(withPrefix[1]));
        assertEquals(v.newlineIndex(), withPrefix[withPrefix.length - 1]);
        // Same draws, different state: the continuation differs from a plain sample's start.
        int[] plain = Sampler.sample(p, v, 3);
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(plain, 0, Math.min(4, plain.length))),
                Arrays.toString(Arrays.copyOfRange(withPrefix, 2, Math.min(6, withPrefix.length))));
    }

    @Test
    void lowTemperatureTendsToTheMostLikelyCharacter() {
        RnnParameters p = officialParameters(FIXTURE.getAsJsonObject("official"));
        Vocabulary v = newlineAndLetters(27);
        int[] cold = Sampler.sample(p, v, 0, 1e-3, "");
        // From the zero state a = tanh(b); a near-zero temperature draws the argmax of Wya·a + by.
        int argmax = -1;
        double[] a = new double[p.nA()];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.tanh(p.ba().get(i, 0));
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < p.nY(); k++) {
            double z = p.by().get(k, 0);
            for (int i = 0; i < a.length; i++) {
                z += p.Wya().get(k, i) * a[i];
            }
            if (z > best) {
                best = z;
                argmax = k;
            }
        }
        assertEquals(argmax, cold[0]);
    }

    @Test
    void badPrefixAndSettingsAreNamed() {
        RnnParameters p = RnnParameters.zeros(3, 4, 4);
        Vocabulary v = newlineAndLetters(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sampler.sample(p, v, 0, 1, "abz"));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("position 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sampler.sample(p, v, 0, 1, "a\nb"));
        assertTrue(e.getMessage().contains("newline"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sampler.sample(p, v, 0, 0, ""));
        assertTrue(e.getMessage().contains("temperature"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sampler.sample(p, newlineAndLetters(5), 0));
        assertTrue(e.getMessage().contains("vocabulary has 5"), e.getMessage());
    }
}
