import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import jdk.jshell.ErroneousSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The names that Java notebook cells declare at the top level, found by JShell's own parser (the one
 * the JJava kernel uses), without running anything: the grader's static check on student code.
 *
 * <p>Reads cells from stdin, separated by NUL characters; prints one line per declaration,
 * {@code <cell index> TAB <kind> TAB <name>}, where kind is the snippet kind (TYPE_DECL, METHOD, VAR,
 * IMPORT) and an import's name is the simple name it brings in ("*" for an on-demand import).
 * A snippet JShell cannot parse is printed as kind ERRONEOUS with an empty name.
 */
public final class DeclaredNames {
    private DeclaredNames() {}

    public static void main(String[] args) throws IOException {
        String input = readAll(System.in);
        // The local engine: parsing needs no second JVM, and nothing is ever evaluated.
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            String[] cells = input.split("\u0000", -1);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                if (cells[i].isBlank()) {
                    continue;
                }
                for (Snippet s : snippets(analysis, cells[i])) {
                    String name = "";
                    if (s instanceof ImportSnippet imp) {
                        name = imp.name();
                    } else if (s instanceof PersistentSnippet p && !(s instanceof ErroneousSnippet)) {
                        name = p.name();
                    }
                    out.append(i).append('\t').append(s.kind()).append('\t').append(name).append('\n');
                }
            }
            System.out.print(out);
        }
    }

    /** Splits a cell into snippets as JShell does (one complete declaration or statement at a time). */
    private static java.util.List<Snippet> snippets(SourceCodeAnalysis analysis, String cell) {
        java.util.List<Snippet> found = new java.util.ArrayList<>();
        String rest = cell;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            String source = info.source();
            if (source == null || !info.completeness().isComplete()) {
                // The incomplete tail (an unclosed brace, a missing semicolon) as one snippet.
                source = rest;
                found.addAll(analysis.sourceToSnippets(source));
                break;
            }
            found.addAll(analysis.sourceToSnippets(source));
            rest = info.remaining();
        }
        return found;
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
