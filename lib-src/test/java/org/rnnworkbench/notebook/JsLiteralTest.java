package org.rnnworkbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsLiteralTest {
    @Test
    void readsTheAssignmentsTablesawWrites() {
        String js = "var trace3 =\n{\nx: [\"0.0\",\"1.5\"],\nz: [[1.0,2.0,],[3.0,-4e-3,],],\n"
                + "line: {\n  \"color\" : \"#123\",\n  \"width\" : 1.0\n},\ntype: 'scatter',\nname: 'it&#39;s',\n};";
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) JsLiteral.parseAssignment(js);
        assertEquals(List.of("x", "z", "line", "type", "name"), List.copyOf(m.keySet()));
        assertEquals(List.of("0.0", "1.5"), m.get("x"));
        // Trailing commas end the array: no null elements appear.
        assertEquals(List.of(List.of(1.0, 2.0), List.of(3.0, -0.004)), m.get("z"));
        assertEquals(Map.of("color", "#123", "width", 1.0), m.get("line"));
        assertEquals("scatter", m.get("type"));
        assertEquals("it&#39;s", m.get("name"));
    }

    @Test
    void readsBareLiteralsEscapesAndSpecialNumbers() {
        Object v = JsLiteral.parseAssignment(" [ 'a\\'b', \"c\\\"d\\n\\u00e9\\x41\", true, false, null, NaN,"
                + " -Infinity, Infinity, undefined, .5, +2, 1E3 ] ");
        assertEquals(Arrays.asList("a'b", "c\"d\néA", true, false, null, null, null, null, null, 0.5, 2.0, 1000.0), v);
        assertEquals(Map.of("1", 2.0, "$a_b", "x"), JsLiteral.parseAssignment("{1: 2, $a_b: 'x' /* c */, // d\n}"));
        assertEquals(List.of(), JsLiteral.parseAssignment("var data = [];"));
    }

    @Test
    void rejectsExpressionsAndBrokenText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsLiteral.parseAssignment("var layout = {title: foo};"));
        assertTrue(e.getMessage().contains("unknown name 'foo'"), e.getMessage());
        assertTrue(e.getMessage().contains("at character 21"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parseAssignment("{a: 'x}"));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parseAssignment("{a: 1} {b: 2}"));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parseAssignment("{a: 1 b: 2}"));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parseAssignment("[1, 2"));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parseAssignment("[1.2.3]"));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parseAssignment(""));
        assertThrows(IllegalArgumentException.class, () -> JsLiteral.parseAssignment(null));
    }

    @Test
    void aNameAloneIsNotANumber() {
        assertNull(JsLiteral.parseAssignment("null"));
        assertEquals(-3.0, JsLiteral.parseAssignment("-3"));
    }
}
