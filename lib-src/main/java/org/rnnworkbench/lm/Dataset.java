package org.rnnworkbench.lm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The examples a language model trains on, read as the assignment reads them: the file's lines,
 * each lowercased and stripped of surrounding whitespace ({@code [x.lower().strip() for x in
 * f.readlines()]}); empty lines stay as empty examples. The vocabulary comes from the whole
 * lowercased text, so characters that only occur in stripped whitespace are part of it too.
 * Line ends follow Python's text mode: {@code \r\n} and {@code \r} read as {@code \n}.
 *
 * @param source where the examples came from (a path, or a name given by the caller)
 * @param examples the examples in file order (unmodifiable); never empty
 * @param vocabulary the sorted characters of the whole lowercased text, newline included
 */
public record Dataset(String source, List<String> examples, Vocabulary vocabulary) {

    /** Checks that every example is written in the vocabulary. */
    public Dataset {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(vocabulary, "vocabulary");
        examples = List.copyOf(examples);
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(source + " has no examples");
        }
        for (int i = 0; i < examples.size(); i++) {
            String e = examples.get(i);
            for (int k = 0; k < e.length(); k++) {
                if (!vocabulary.contains(e.charAt(k))) {
                    throw new IllegalArgumentException("example " + i + " of " + source + " (\"" + e + "\") holds "
                            + Vocabulary.describe(e.charAt(k)) + ", which is not in the vocabulary " + vocabulary);
                }
            }
        }
    }

    /** Reads a UTF-8 text file, one example per line. Invalid UTF-8 is reported with its line number. */
    public static Dataset load(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return fromUtf8(Files.readAllBytes(path), path.toString());
    }

    /**
     * The examples of a UTF-8 file's bytes, named {@code source} in messages; a byte-order mark at the start
     * is not part of the text. Invalid UTF-8 is an {@link IOException} naming the line.
     */
    public static Dataset fromUtf8(byte[] bytes, String source) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(source, "source");
        if (bytes.length == 0) {
            throw new IllegalArgumentException(source + " is empty: a language model needs at least one line of text");
        }
        String text = decodeUtf8(bytes, source);
        // Editors on Windows start UTF-8 files with U+FEFF; it marks the encoding, it is not a character of the text.
        return fromText(text.startsWith("\uFEFF") ? text.substring(1) : text, source);
    }

    /** The examples of {@code text}, one per line, named {@code source} in messages. */
    public static Dataset fromText(String text, String source) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        if (text.isEmpty()) {
            throw new IllegalArgumentException(source + " is empty: a language model needs at least one line of text");
        }
        requireBasicPlane(text, source);
        String data = text.replace("\r\n", "\n").replace('\r', '\n').toLowerCase(Locale.ROOT);
        List<String> examples = new ArrayList<>();
        int start = 0;
        while (start < data.length()) {
            int end = data.indexOf('\n', start);
            if (end < 0) {
                end = data.length();
            }
            examples.add(pythonStrip(data.substring(start, end)));
            start = end + 1;
        }
        return new Dataset(source, examples, Vocabulary.fromText(data));
    }

    /**
     * Refuses a character outside the Basic Multilingual Plane, naming it by line and column (both from 1,
     * the column counted in characters as a reader counts them): the vocabulary holds UTF-16 units, and
     * Python would count such a character as one where Java sees two.
     */
    static void requireBasicPlane(String text, String source) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isSupplementaryCodePoint(cp) || Character.isSurrogate((char) cp)) {
                throw new IllegalArgumentException(source + ":" + line + ":" + column + ": "
                        + String.format(Locale.ROOT, "U+%04X", cp) + " is outside the Basic Multilingual Plane; "
                        + "only characters up to U+FFFF are supported");
            }
            i += Character.charCount(cp);
            if (cp == '\n' || cp == '\r' && (i >= text.length() || text.charAt(i) != '\n')) {
                line++;
                column = 1;
            } else if (cp != '\r') {
                column++;
            }
        }
    }

    /** Number of examples. */
    public int size() {
        return examples.size();
    }

    /** Example {@code i}. */
    public String example(int i) {
        return examples.get(i);
    }

    /** Python's {@code str.strip()}: removes leading and trailing characters for which {@code isspace()} holds. */
    static String pythonStrip(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && isPythonSpace(s.charAt(begin))) {
            begin++;
        }
        while (end > begin && isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(begin, end);
    }

    /**
     * Python's {@code str.isspace()} for one character: Java's whitespace plus the no-break spaces
     * (space separators) and NEL, which Python also counts as space.
     */
    static boolean isPythonSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    private static String decodeUtf8(byte[] bytes, String source) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(describeBadUtf8(bytes, source), e);
        }
    }

    /** Finds the first invalid byte; byte 0x0A never occurs inside a UTF-8 sequence, so lines split safely. */
    private static String describeBadUtf8(byte[] bytes, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                ByteBuffer in = ByteBuffer.wrap(bytes, lineStart, i - lineStart);
                CharBuffer out = CharBuffer.allocate(i - lineStart + 1);
                decoder.reset();
                CoderResult r = decoder.decode(in, out, true);
                if (!r.isError()) {
                    r = decoder.flush(out);
                }
                if (r.isError()) {
                    int offset = in.position();
                    return source + ": line " + line + " is not valid UTF-8 (byte 0x"
                            + String.format(Locale.ROOT, "%02X", bytes[offset] & 0xFF) + " at byte " + (offset - lineStart + 1)
                            + " of the line, byte offset " + offset + " in the file)";
                }
                line++;
                lineStart = i + 1;
            }
        }
        return source + " is not valid UTF-8";
    }
}
