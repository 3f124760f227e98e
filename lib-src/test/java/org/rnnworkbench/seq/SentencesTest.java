package org.rnnworkbench.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SentencesTest {
    private static final Path DATA = Path.of("data");
    private static final List<String> TITLES = IntStream.range(0, 60).mapToObj(i -> "film " + i + " x").toList();
    private static final List<String> ELEMENTS = List.of("neon", "argon", "boron", "iron");

    @Test
    void theWorkbenchDataGiveDistinctDisjointSentences() {
        Sentences.Split s = Sentences.fromData(DATA, 500, 100, 60, 7);
        assertEquals(500, s.training().size());
        assertEquals(100, s.heldOut().size());
        Set<String> training = new HashSet<>(s.training());
        assertEquals(500, training.size(), "training sentences are distinct");
        assertEquals(100, new HashSet<>(s.heldOut()).size(), "held-out sentences are distinct");
        for (String h : s.heldOut()) {
            assertFalse(training.contains(h), "held-out sentence also in training: " + h);
        }
        for (String t : s.training()) {
            assertTrue(t.length() <= 60, t);
            assertEquals(t.toLowerCase(java.util.Locale.ROOT), t);
        }
        assertEquals(s, Sentences.fromData(DATA, 500, 100, 60, 7), "the same seed gives the same sentences");
        assertNotEquals(s, Sentences.fromData(DATA, 500, 100, 60, 8));
    }

    @Test
    void heldOutSentencesUseTitlesNeverSeenInTraining() {
        Sentences.Split s = Sentences.compose(TITLES, ELEMENTS, 150, 50, 80, 3);
        Set<String> trainingTitles = titles(s.training());
        Set<String> heldOutTitles = titles(s.heldOut());
        assertFalse(heldOutTitles.isEmpty());
        for (String t : heldOutTitles) {
            assertFalse(trainingTitles.contains(t), "title in both sets: " + t);
        }
        // 50 of 200 sentences are held out, so a quarter of the 60 titles are reserved for them.
        assertTrue(heldOutTitles.size() <= 15, "held-out titles " + heldOutTitles.size());
    }

    private static Set<String> titles(List<String> sentences) {
        Set<String> out = new HashSet<>();
        Pattern p = Pattern.compile("film \\d+ x");
        for (String s : sentences) {
            Matcher m = p.matcher(s);
            assertTrue(m.find(), s);
            out.add(m.group());
        }
        return out;
    }

    @Test
    void everySentenceIsATemplateFilledIn() {
        Sentences.Split s = Sentences.compose(TITLES, ELEMENTS, 40, 10, 80, 1);
        for (String sentence : s.training()) {
            boolean matches = false;
            for (String t : Sentences.TEMPLATES) {
                String regex = Pattern.quote(t).replace("{t}", "\\E(film \\d+ x)\\Q").replace("{e}", "\\E(neon|argon|boron|iron)\\Q");
                matches |= sentence.matches(regex);
            }
            assertTrue(matches, sentence);
        }
    }

    @Test
    void partsReadTheTitleAndElementBack() {
        String s = Sentences.fill("the film {t} glows like {e}.", "the film is red", "neon");
        Sentences.Part[] parts = Sentences.parts(s);
        assertEquals(s.length(), parts.length);
        StringBuilder title = new StringBuilder();
        StringBuilder element = new StringBuilder();
        StringBuilder template = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            (parts[i] == Sentences.Part.TITLE ? title : parts[i] == Sentences.Part.ELEMENT ? element : template)
                    .append(s.charAt(i));
        }
        assertEquals("the film is red", title.toString());
        assertEquals("neon", element.toString());
        assertEquals("the film  glows like .", template.toString());
        for (String sentence : Sentences.fromData(DATA, 200, 0, 70, 2).training()) {
            Sentences.Part[] p = Sentences.parts(sentence);
            assertTrue(java.util.Arrays.asList(p).contains(Sentences.Part.TITLE), sentence);
            assertTrue(java.util.Arrays.asList(p).contains(Sentences.Part.ELEMENT), sentence);
        }
        assertMessage("does not match any of the templates", () -> Sentences.parts("hello world"));
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage("nTraining must be at least 1 but was 0", () -> Sentences.compose(TITLES, ELEMENTS, 0, 5, 80, 1));
        assertMessage("nHeldOut must be at least 0 but was -1", () -> Sentences.compose(TITLES, ELEMENTS, 5, -1, 80, 1));
        assertMessage("maxLength must be more than", () -> Sentences.compose(TITLES, ELEMENTS, 5, 1, 10, 1));
        assertMessage("titles must hold at least one entry but is empty", () -> Sentences.compose(List.of(), ELEMENTS, 5, 1, 80, 1));
        assertMessage("elements[1] is empty", () -> Sentences.compose(TITLES, List.of("neon", ""), 5, 1, 80, 1));
        assertMessage("could draw only", () -> Sentences.compose(List.of("a", "b"), List.of("neon"), 500, 1, 80, 1));
        assertMessage("dataDir is null", () -> Sentences.fromData(null, 5, 1, 80, 1));
        assertMessage("cannot read", () -> Sentences.fromData(Path.of("no-such-folder"), 5, 1, 80, 1));
    }

    static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" should contain \"" + part + "\"");
    }
}
