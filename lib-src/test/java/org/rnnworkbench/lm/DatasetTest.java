package org.rnnworkbench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir
    Path dir;

    @Test
    void linesAreLowercasedAndStrippedAsInPython() throws IOException {
        Path f = dir.resolve("names.txt");
        Files.writeString(f, "  Hydrogen \r\nHELIUM\n\n\tlithium\u00a0\rBoron", StandardCharsets.UTF_8);
        Dataset d = Dataset.load(f);
        assertEquals(List.of("hydrogen", "helium", "", "lithium", "boron"), d.examples());
        // The vocabulary comes from the whole text: the stripped spaces, tab and no-break space count too.
        assertEquals("\t\n bdeghilmnortuy\u00a0", d.vocabulary().chars());
        assertEquals(f.toString(), d.source());
        assertEquals(5, d.size());
    }

    @Test
    void aTrailingNewlineAddsNoExample() {
        assertEquals(List.of("a", "b"), Dataset.fromText("a\nb\n", "t").examples());
        assertEquals(List.of("a", "b", ""), Dataset.fromText("a\nb\n\n", "t").examples());
        assertEquals(List.of(""), Dataset.fromText("\n", "t").examples());
    }

    @Test
    void projectDataFilesLoad() throws IOException {
        Dataset elements = Dataset.load(Path.of("data/element_list.txt"));
        assertEquals(118, elements.size());
        assertEquals("hydrogen", elements.example(0));
        assertEquals("oganesson", elements.example(117));
        assertEquals(0, elements.vocabulary().newlineIndex());
        Dataset movies = Dataset.load(Path.of("data/movie_titles.txt"));
        assertTrue(movies.size() > 3000, "movie titles: " + movies.size());
        assertEquals(' ', movies.vocabulary().ixToChar(1));
    }

    @Test
    void emptyFileIsRejectedNamingThePath() throws IOException {
        Path f = dir.resolve("empty.txt");
        Files.write(f, new byte[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.load(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromText("", "nothing"));
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        Path f = dir.resolve("bad.txt");
        byte[] good = "neon\nargon\nkryp".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[good.length + 4];
        System.arraycopy(good, 0, bytes, 0, good.length);
        bytes[good.length] = (byte) 0xFF;
        bytes[good.length + 1] = 't';
        bytes[good.length + 2] = 'n';
        bytes[good.length + 3] = '\n';
        Files.write(f, bytes);
        IOException e = assertThrows(IOException.class, () -> Dataset.load(f));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("0xFF")
                && e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("byte 5 of the line"), e.getMessage());
    }

    @Test
    void truncatedSequenceAtEndOfLineIsFound() throws IOException {
        Path f = dir.resolve("cut.txt");
        Files.write(f, new byte[] {'a', '\n', 'b', (byte) 0xC3, '\n', 'c'});
        IOException e = assertThrows(IOException.class, () -> Dataset.load(f));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void missingFileIsAnIoError() {
        assertThrows(NoSuchFileException.class, () -> Dataset.load(dir.resolve("absent.txt")));
    }

    @Test
    void examplesOutsideTheVocabularyAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("given", List.of("ab", "ac"), Vocabulary.fromText("ab")));
        assertTrue(e.getMessage().contains("example 1") && e.getMessage().contains("'c'"), e.getMessage());
    }
}
