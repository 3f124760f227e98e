package org.rnnworkbench.notebook;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.api.NumericColumn;

/**
 * A Tablesaw {@link Table} as a {@code text/html} table for notebooks: a caption with the table's name
 * and size, one header cell per column, cells as the columns print them, every text escaped. Numbers are
 * right-aligned, text left-aligned. Long tables show their first and last rows around one "… n more rows
 * …" row.
 */
public final class TableHtml {
    /** Rows shown by {@link #render(Table)} before the middle of the table is elided. */
    public static final int DEFAULT_MAX_ROWS = 60;

    private TableHtml() {}

    /** The table with at most {@value #DEFAULT_MAX_ROWS} rows shown. */
    public static String render(Table table) {
        return render(table, DEFAULT_MAX_ROWS);
    }

    /** The table with at most {@code maxRows} rows shown: the first half and the last half. */
    public static String render(Table table, int maxRows) {
        if (table == null) {
            throw new IllegalArgumentException("table is null");
        }
        if (maxRows < 2) {
            throw new IllegalArgumentException("maxRows must be at least 2 but was " + maxRows);
        }
        int rows = table.rowCount();
        int cols = table.columnCount();
        boolean elide = rows > maxRows;
        int head = elide ? (maxRows + 1) / 2 : rows;
        int tail = elide ? maxRows / 2 : 0;

        StringBuilder sb = new StringBuilder();
        sb.append("<table class=\"rnnwb-table\">\n<caption>");
        String name = table.name();
        if (name != null && !name.isEmpty()) {
            sb.append(escape(name)).append(" · ");
        }
        sb.append(String.format(java.util.Locale.ROOT, "%,d rows × %,d columns", rows, cols));
        sb.append("</caption>\n<thead><tr>");
        for (Column<?> c : table.columns()) {
            sb.append("<th style=\"text-align:").append(align(c)).append("\">")
                    .append(escape(c.name())).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < head; r++) {
            row(sb, table, r);
        }
        if (elide) {
            sb.append("<tr><td colspan=\"").append(Math.max(cols, 1))
                    .append("\" style=\"text-align:center\">… ")
                    .append(String.format(java.util.Locale.ROOT, "%,d", rows - head - tail))
                    .append(" more rows …</td></tr>\n");
            for (int r = rows - tail; r < rows; r++) {
                row(sb, table, r);
            }
        }
        sb.append("</tbody>\n</table>\n");
        return sb.toString();
    }

    /** {@code text} with {@code & < > " '} as HTML entities. */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': sb.append("&amp;"); break;
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, Table table, int r) {
        sb.append("<tr>");
        for (Column<?> c : table.columns()) {
            sb.append("<td style=\"text-align:").append(align(c)).append("\">")
                    .append(escape(c.getString(r))).append("</td>");
        }
        sb.append("</tr>\n");
    }

    private static String align(Column<?> c) {
        return c instanceof NumericColumn ? "right" : "left";
    }
}
