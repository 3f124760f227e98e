import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import de.jplag.JPlag;
import de.jplag.JPlagComparison;
import de.jplag.JPlagResult;
import de.jplag.Match;
import de.jplag.ParsingException;
import de.jplag.Submission;
import de.jplag.Token;
import de.jplag.exceptions.BasecodeException;
import de.jplag.exceptions.SubmissionException;
import de.jplag.java.Language;
import de.jplag.options.JPlagOptions;
import de.jplag.reporting.reportobject.ReportObjectFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs JPlag (its Java frontend) on the folders tools/similarity.py prepares and writes what the
 * report needs as JSON: every pair's similarity and, per file (one file per graded function),
 * how many of its tokens JPlag matched.
 *
 * <pre>
 *   java -cp target/jplag/classes:target/jplag/lib/* JplagReport WORK OUT_JSON MIN_TOKENS [REPORT_DIR]
 * </pre>
 * WORK holds submissions/&lt;name&gt;/*.java and optionally base/*.java (code every student was given,
 * whose matches JPlag ignores). A file javac cannot parse is moved to WORK/unparsed/&lt;name&gt;/ and
 * reported, so one broken cell never takes its whole submission out of the comparison.
 * REPORT_DIR, when given, receives JPlag's own report (REPORT_DIR.zip) for its report viewer.
 */
public final class JplagReport {
    private JplagReport() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: JplagReport WORK OUT_JSON MIN_TOKENS [REPORT_DIR]");
            System.exit(2);
        }
        Path work = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int minTokens = Integer.parseInt(args[2]);
        Path submissionsRoot = work.resolve("submissions");
        Path base = work.resolve("base");
        Language language = new Language();

        // Each file alone first: JPlag drops a whole submission when any of its files fails to parse.
        List<Map<String, String>> unparsed = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (Path dir : list(submissionsRoot)) {
            for (Path file : list(dir)) {
                try {
                    language.parse(Set.of(file.toFile()));
                } catch (ParsingException e) {
                    Path aside = work.resolve("unparsed").resolve(dir.getFileName()).resolve(file.getFileName());
                    Files.createDirectories(aside.getParent());
                    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                    Map<String, String> entry = new LinkedHashMap<>();
                    entry.put("submission", dir.getFileName().toString());
                    entry.put("file", file.getFileName().toString());
                    entry.put("message", oneLine(e.getMessage()));
                    unparsed.add(entry);
                }
            }
            if (list(dir).isEmpty()) {
                empty.add(dir.getFileName().toString());
                Files.delete(dir);
            }
        }

        JPlagOptions options = new JPlagOptions(language, Set.of(submissionsRoot.toFile()), Set.of())
                .withMinimumTokenMatch(minTokens)
                .withSimilarityThreshold(0)
                .withMaximumNumberOfComparisons(JPlagOptions.SHOW_ALL_COMPARISONS);
        boolean withBase = Files.isDirectory(base) && !list(base).isEmpty();
        JPlagResult result = null;
        String baseProblem = null;
        String problem = null;
        if (list(submissionsRoot).size() >= 2) {
            try {
                if (withBase) {
                    try {
                        result = new JPlag(options.withBaseCodeSubmissionDirectory(base.toFile())).run();
                    } catch (BasecodeException e) {
                        // Given code too short to match (or unparsable): compare without it.
                        baseProblem = oneLine(e.getMessage());
                        withBase = false;
                        result = new JPlag(options).run();
                    }
                } else {
                    result = new JPlag(options).run();
                }
            } catch (SubmissionException e) {
                problem = oneLine(e.getMessage()); // fewer than two submissions JPlag could use
            }
        } else {
            problem = "fewer than two submissions with code to compare";
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("jplag", JPlag.JPLAG_VERSION.toString());
        report.put("java", System.getProperty("java.version"));
        report.put("min_tokens", minTokens);
        report.put("base_code", withBase);
        report.put("base_code_problem", baseProblem);
        report.put("problem", problem);
        report.put("unparsed_files", unparsed);
        report.put("empty_submissions", empty);
        List<String> compared = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        List<Map<String, Object>> comparisons = new ArrayList<>();
        if (result != null) {
            for (Submission s : result.getSubmissions().getSubmissions()) {
                compared.add(s.getName());
            }
            for (Submission s : result.getSubmissions().getInvalidSubmissions()) {
                invalid.add(s.getName());
            }
            for (JPlagComparison c : result.getAllComparisons()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("a", c.firstSubmission().getName());
                entry.put("b", c.secondSubmission().getName());
                entry.put("similarity", c.similarity());
                entry.put("max_similarity", c.maximalSimilarity());
                entry.put("files_a", coverage(c.firstSubmission(), c.matches(), true));
                entry.put("files_b", coverage(c.secondSubmission(), c.matches(), false));
                comparisons.add(entry);
            }
            if (args.length == 4) {
                new ReportObjectFactory().createAndSaveReport(result, args[3]);
            }
        }
        report.put("compared", compared);
        report.put("invalid_submissions", invalid);
        report.put("comparisons", comparisons);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
    }

    /** File name -> [tokens JPlag matched in this comparison, tokens of the file], for one side. */
    private static Map<String, int[]> coverage(Submission s, List<Match> matches, boolean first) {
        List<Token> tokens = s.getTokenList();
        Map<String, int[]> files = new TreeMap<>();
        for (Token t : tokens) {
            files.computeIfAbsent(t.getFile().getName(), k -> new int[2])[1]++;
        }
        for (Match m : matches) {
            int start = first ? m.startOfFirst() : m.startOfSecond();
            for (int i = start; i < start + m.length(); i++) {
                files.get(tokens.get(i).getFile().getName())[0]++;
            }
        }
        return files;
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : String.join(" ", text.split("\\s+")).trim();
    }
}
