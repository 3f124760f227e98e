package org.rnnworkbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableHtmlTest {
    private static int count(String html, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void escapesEveryTextAndAlignsByType() {
        Table t = Table.create("<samples>",
                IntColumn.create("iteration", 0, 2000),
                StringColumn.create("sample \"0\"", "Tom & Jerry's", "<script>"));
        String html = TableHtml.render(t);
        assertTrue(html.contains("<caption>&lt;samples&gt; · 2 rows × 2 columns</caption>"), html);
        assertTrue(html.contains("<th style=\"text-align:right\">iteration</th>"));
        assertTrue(html.contains("<th style=\"text-align:left\">sample &quot;0&quot;</th>"));
        assertTrue(html.contains("<td style=\"text-align:right\">2000</td>"));
        assertTrue(html.contains("<td style=\"text-align:left\">Tom &amp; Jerry&#39;s</td>"));
        assertTrue(html.contains("&lt;script&gt;"));
        assertFalse(html.contains("<script>"));
        assertEquals(2, count(html, "<tr><td"));
    }

    @Test
    void longTablesShowHeadAndTail() {
        int[] values = new int[25];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 10;
        }
        String html = TableHtml.render(Table.create("", IntColumn.create("v", values)), 7);
        assertTrue(html.startsWith("<table class=\"rnnwb-table\">\n<caption>25 rows × 1 columns</caption>"), html);
        assertEquals(7 + 1, count(html, "<tr><td"));
        assertTrue(html.contains(">30</td>") && !html.contains(">40</td>"), "first 4 rows");
        assertTrue(html.contains(">220</td>") && html.contains(">240</td>") && !html.contains(">210</td>"), "last 3 rows");
        assertTrue(html.contains("<td colspan=\"1\" style=\"text-align:center\">… 18 more rows …</td>"));
        assertThrows(IllegalArgumentException.class, () -> TableHtml.render(Table.create("t"), 1));
        assertThrows(IllegalArgumentException.class, () -> TableHtml.render(null));
    }
}
