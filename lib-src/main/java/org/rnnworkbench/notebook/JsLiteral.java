package org.rnnworkbench.notebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JavaScript object literals that tablesaw-jsplot writes ({@code var trace0 = {x: [...], ...};})
 * into maps, lists, strings, doubles, booleans and nulls.
 *
 * <p>Gson's lenient mode is not enough for this input: tablesaw writes trailing commas in objects
 * ({@code name: 'a',}) and in arrays ({@code z: [[1.0,2.0,],]}); Gson rejects the first and turns the
 * second into an extra {@code null}. So this small reader accepts exactly the literal syntax: unquoted
 * or quoted keys, single- or double-quoted strings, trailing commas, {@code NaN}/{@code Infinity}/
 * {@code undefined} (read as {@code null}, which plotly draws as a gap).
 */
final class JsLiteral {
    private final String src;
    private int pos;

    private JsLiteral(String src) {
        this.src = src;
    }

    /**
     * The value of {@code [var name =] literal [;]}: the whole text must be one literal, optionally
     * assigned to a variable. Throws IllegalArgumentException with the position of the first error.
     */
    static Object parseAssignment(String source) {
        if (source == null) {
            throw new IllegalArgumentException("source is null");
        }
        JsLiteral p = new JsLiteral(source);
        p.skipSpace();
        if (p.src.startsWith("var", p.pos) && p.pos + 3 < p.src.length()
                && Character.isWhitespace(p.src.charAt(p.pos + 3))) {
            p.pos += 3;
            p.skipSpace();
            p.identifier();
            p.skipSpace();
            p.expect('=');
        }
        Object value = p.value();
        p.skipSpace();
        if (p.pos < p.src.length() && p.src.charAt(p.pos) == ';') {
            p.pos++;
            p.skipSpace();
        }
        if (p.pos != p.src.length()) {
            throw p.error("unexpected text after the literal");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (pos >= src.length()) {
            throw error("expected a value but the text ended");
        }
        char c = src.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '\'':
            case '"':
                return string();
            default:
                if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
                    return number();
                }
                if (isIdentifierStart(c)) {
                    return keyword();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object() {
        expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            String key = key();
            skipSpace();
            expect(':');
            map.put(key, value());
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c != '}') {
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array() {
        expect('[');
        List<Object> list = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            list.add(value());
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c != ']') {
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String key() {
        char c = peek();
        if (c == '\'' || c == '"') {
            return string();
        }
        if (c >= '0' && c <= '9') {
            int start = pos;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
            return src.substring(start, pos);
        }
        return identifier();
    }

    private String identifier() {
        if (pos >= src.length() || !isIdentifierStart(src.charAt(pos))) {
            throw error("expected a name");
        }
        int start = pos;
        pos++;
        while (pos < src.length() && (isIdentifierStart(src.charAt(pos)) || Character.isDigit(src.charAt(pos)))) {
            pos++;
        }
        return src.substring(start, pos);
    }

    private Object keyword() {
        int start = pos;
        String word = identifier();
        switch (word) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
            case "undefined":
            case "NaN":
            case "Infinity":
                return null;
            default:
                pos = start;
                throw error("unknown name '" + word + "' (only literals are read, not expressions)");
        }
    }

    private Object number() {
        int start = pos;
        char sign = src.charAt(pos);
        if (sign == '-' || sign == '+') {
            pos++;
            if (src.startsWith("Infinity", pos)) {
                pos += "Infinity".length();
                return null;
            }
        }
        while (pos < src.length() && "0123456789.eE+-".indexOf(src.charAt(pos)) >= 0) {
            char c = src.charAt(pos);
            // A sign only belongs to the number right after an exponent marker.
            if ((c == '+' || c == '-') && !(src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E')) {
                break;
            }
            pos++;
        }
        String text = src.substring(start, pos);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("malformed number '" + text + "'");
        }
    }

    private String string() {
        char quote = src.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error("unterminated string");
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= src.length()) {
                throw error("unterminated string");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'v': sb.append('\u000B'); break;
                case '0': sb.append('\0'); break;
                case 'u': sb.append((char) hex(4)); break;
                case 'x': sb.append((char) hex(2)); break;
                case '\n': break; // line continuation
                default: sb.append(e); // \' \" \\ \/ and any other escaped character
            }
        }
    }

    private int hex(int digits) {
        if (pos + digits > src.length()) {
            throw error("truncated escape");
        }
        try {
            int v = Integer.parseInt(src.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw error("malformed escape");
        }
    }

    private void skipSpace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '/' && src.startsWith("//", pos)) {
                int end = src.indexOf('\n', pos);
                pos = end < 0 ? src.length() : end + 1;
            } else if (c == '/' && src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error("unterminated comment");
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private char peek() {
        if (pos >= src.length()) {
            throw error("the text ended early");
        }
        return src.charAt(pos);
    }

    private void expect(char c) {
        if (pos >= src.length() || src.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private IllegalArgumentException error(String message) {
        int from = Math.max(0, pos - 30);
        int to = Math.min(src.length(), pos + 30);
        String near = src.substring(from, to).replace('\n', ' ');
        return new IllegalArgumentException(message + " at character " + pos + " near \"" + near + "\"");
    }
}
