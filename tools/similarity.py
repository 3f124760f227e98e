"""The similarity report of a graded assignment: every submission's student-written code against
every other submission and against the library's own implementations of the graded functions,
compared by JPlag (token-based, so renamed variables and reordered statements still match).

    python tools/similarity.py COURSE [--assignment rnn_assignment] [--threshold 60]

Writes COURSE/similarity.csv (student_a, student_b, similarity, matched_functions): the pairs at or
above the threshold, most similar first; student_b is `library` for the library's code.
COURSE/similarity-unparsed.csv lists the cells JPlag could not parse (they are left out, the rest
of the submission is compared), and COURSE/similarity-report.zip is JPlag's own report for its
report viewer. grades.csv gets a note per flagged pair (rnn_grading.similarity_notes): a pointer
for the TA to look at two pieces of code side by side, never a verdict.

The code compared: the solution cells and every code cell a student added (not the locked setup,
test or given cells). JShell snippets are not compilation units, so each cell becomes one Java
file, its declarations the members of a class and its statements an initializer block; one file per
cell lets the report say which functions matched. The released solution cells (signature and stub)
are JPlag's base code: what every student was given does not count as a match.
"""
import argparse
import csv
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIBRARY = "library"

# Pairs at or above this similarity (percent) are reported: for two students JPlag's average
# similarity (matched tokens over both token lists), for a student and the library the share of the
# student's tokens found in the library (the library holds every graded function, so a partial
# paste would be diluted in an average). Measured with the submissions of tools/test_similarity.py
# and the course's fixtures, JPlag 4.3.0, minimum match 15 tokens: honest solutions at most 15 %
# against each other and against the library (the model answer: 7 % against the library), copies
# at least 49 % (verbatim 100 %, renamed and reordered 66 %, the library pasted into all four
# functions 98 %, into six of seven 49 %).
DEFAULT_THRESHOLD = 35.0
# JPlag's minimum match length in tokens. Its default for Java is 9; the graded functions are short
# and prescribed, so honest solutions share runs of 9 tokens (measured: the model answer 38 % of it
# found in the library at 9, 7 % at 15) while pasted code matches in long runs (49 % at 15).
DEFAULT_MIN_TOKENS = 15
# Seconds JPlag may take (a class of a few hundred submissions takes well under a minute).
JPLAG_TIMEOUT = 1800
# A function is named in matched_functions when at least this share of its tokens matched.
FUNCTION_SHARE = 0.5

# The library's implementation of each graded function: the file under lib-src/main/java and the
# methods (name, parameter types) that implement it. A refactoring that renames one of them fails
# here with a message instead of silently comparing with nothing.
LIBRARY_METHODS = {
    "rnn_cell_forward": ("org/rnnworkbench/cells/Rnn.java",
                         [("rnnCellForward", ("DMatrixRMaj", "DMatrixRMaj", "RnnParameters"))]),
    "rnn_forward": ("org/rnnworkbench/cells/Rnn.java",
                    [("rnnForward", ("Tensor3", "DMatrixRMaj", "RnnParameters"))]),
    "rnn_cell_backward": ("org/rnnworkbench/cells/Rnn.java",
                          [("rnnCellBackward", ("DMatrixRMaj", "RnnCache"))]),
    "gru_cell_forward": ("org/rnnworkbench/cells/Gru.java",
                         [("gruCellForward", ("DMatrixRMaj", "DMatrixRMaj", "GruParameters", "Output"))]),
    "clip": ("org/rnnworkbench/lm/Clip.java",
             [("clip", ("Gradients", "double")), ("clipInPlace", ("LmGradients", "double")),
              ("clipInPlace", ("DMatrixRMaj", "double"))]),
    "sample": ("org/rnnworkbench/lm/Sampler.java",
               [("sample", ("RnnParameters", "Vocabulary", "int", "double", "String")),
                ("sample", ("CellParameters", "Step", "Vocabulary", "long", "double", "String"))]),
    "optimize": ("org/rnnworkbench/lm/Optimize.java",
                 [("optimize", ("int[]", "int[]", "DMatrixRMaj", "RnnParameters", "double", "double",
                                "Consumer<Gradients>")),
                  ("lossAndGradients", ("int[]", "int[]", "DMatrixRMaj", "RnnParameters", "double",
                                        "Consumer<Gradients>"))]),
    # The package-private helpers the cells above call: a paste of the library brings them along.
    "cell_math": ("org/rnnworkbench/cells/CellMath.java",
                  [(name, ("DMatrixRMaj", "DMatrixRMaj")) for name in ("mult", "multTransA", "multTransB", "plus")]
                  + [("times", ("DMatrixRMaj", "DMatrixRMaj...")), ("oneMinus", ("DMatrixRMaj",)),
                     ("oneMinusSquare", ("DMatrixRMaj",)), ("stack", ("DMatrixRMaj", "DMatrixRMaj")),
                     ("affine", ("DMatrixRMaj", "DMatrixRMaj", "DMatrixRMaj")), ("sumRows", ("DMatrixRMaj",))]),
}


class SimilarityError(Exception):
    """A problem that stops the report (one line)."""


# ---- Java text ---------------------------------------------------------------------------------

def code_mask(text):
    """A copy of `text` with comments, string, text-block and char literals blanked (same length).

    Brace matching and statement splitting then only see code.
    """
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            for k in range(i + 1, j - 1):
                out[k] = " " if text[k] != "\n" else "\n"
            i = j
            continue
        else:
            i += 1
            continue
        for k in range(i, j):
            out[k] = " " if text[k] != "\n" else "\n"
        i = j
    return "".join(out)


def matching_brace(mask, open_at):
    """Index of the brace closing the one at `open_at` in masked text."""
    depth = 0
    for i in range(open_at, len(mask)):
        if mask[i] == "{":
            depth += 1
        elif mask[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise SimilarityError(f"unbalanced braces after position {open_at}")


def split_params(params):
    """'int[] X, Map<String, D> m' -> ['int[] X', 'Map<String, D> m'] (commas inside <> kept)."""
    parts, depth, current = [], 0, ""
    for c in params:
        depth += c == "<"
        depth -= c == ">"
        if c == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += c
    if current.strip():
        parts.append(current)
    return parts


def param_type(param):
    """'final Consumer<Gradients> beforeClip' -> 'Consumer<Gradients>'."""
    words = re.sub(r"@\w+", "", param).replace("final ", " ").strip()
    head = words[: len(words) - len(words.split()[-1])].strip() if words else ""
    return re.sub(r"\s+", "", head)


def extract_methods(source, wanted, where):
    """The text of each wanted (name, parameter types) method of `source`, in the order wanted."""
    mask = code_mask(source)
    found = {}
    for m in re.finditer(r"\b(\w+)\s*\(", mask):
        name = m.group(1)
        if not any(name == w for w, _ in wanted):
            continue
        close = mask.find(")", m.end())
        after = mask[close + 1:].lstrip()
        if not (after.startswith("{") or after.startswith("throws")):
            continue  # a call, not a declaration
        types = tuple(param_type(p) for p in split_params(mask[m.end():close]))
        if (name, types) not in wanted:
            continue
        line_start = mask.rfind("\n", 0, m.start()) + 1
        open_at = mask.find("{", close)
        found[(name, types)] = source[line_start: matching_brace(mask, open_at) + 1]
    missing = [f"{n}({', '.join(t)})" for n, t in wanted if (n, t) not in found]
    if missing:
        raise SimilarityError(f"{where} has no method {', '.join(missing)}; update LIBRARY_METHODS in tools/similarity.py")
    return [found[w] for w in wanted]


DECLARATION = re.compile(
    r"^(?:(?:public|protected|private|static|final|abstract|synchronized|native|default|sealed|non-sealed|strictfp)\s+|@\w+(?:\([^)]*\))?\s+)*"
    r"(?:class|interface|enum|record)\b"
    r"|^(?:(?:public|protected|private|static|final|abstract|synchronized|native|default|strictfp)\s+|@\w+(?:\([^)]*\))?\s+)*"
    r"(?:<[^>]*>\s*)?(?!(?:return|throw|new|yield|else|case|assert|break|continue)\b)[\w.$]+(?:<.*?>)?(?:\[\])*\s+\w+\s*(?:[=;(,\[]|$)",
    re.S)


def snippets(code):
    """A cell's JShell code split into top-level snippets: (text, kind), kind 'import', 'member' or 'statement'."""
    code = "\n".join(line for line in code.split("\n") if not line.lstrip().startswith("%"))
    mask = code_mask(code)
    out, start, depth, i = [], 0, 0, 0
    while i < len(mask):
        c = mask[i]
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
            if depth == 0 and c == "}":
                # A block ends the snippet unless the statement goes on (else, catch, a chained call, ...).
                rest = mask[i + 1:].lstrip()
                if not re.match(r"(else|catch|finally|while\b|[.;,)+\-*/?:&|=])", rest):
                    out.append((start, i + 1))
                    start = i + 1
        elif c == ";" and depth == 0:
            out.append((start, i + 1))
            start = i + 1
        i += 1
    if mask[start:].strip():
        out.append((start, len(mask)))  # a last expression without a semicolon (JShell allows it)
    result = []
    for a, b in out:
        text, masked = code[a:b].strip(), mask[a:b].strip()
        if not masked or masked == ";":
            continue
        ended = masked.endswith(("}", ";"))
        if re.match(r"import\s", masked):
            result.append((text if ended else text + ";", "import"))
        elif DECLARATION.match(masked):
            result.append((text if ended else text + ";", "member"))
        elif ended or re.match(r"(if|for|while|do|switch|try|return|throw|break|continue|yield|assert)\b", masked):
            result.append((text if ended else text + ";", "statement"))
        else:
            # JShell shows the value of a last expression; as Java, a variable holds it (any expression parses).
            result.append((f"Object value = ({text});", "statement"))
    return result


def to_java(unit, code):
    """One cell as a compilation unit: imports first, then class <unit> with the cell's members and its
    statements in an initializer block (each at the place it had, so the token order is the cell's)."""
    imports, body = [], []
    for text, kind in snippets(code):
        if kind == "import":
            imports.append(text)
        elif kind == "member":
            body.append(text)
        else:
            body.append("{\n" + text + "\n}")
    return "\n".join(imports) + f"\nclass {unit} {{\n" + "\n".join(body) + "\n}\n"


# ---- notebooks -------------------------------------------------------------------------------

def safe_name(text):
    name = re.sub(r"[^A-Za-z0-9_]", "_", text) or "_"
    return "_" + name if name[0].isdigit() else name


def student_cells(nb, stem):
    """(unit, code) of the cells a student wrote: solution cells and unlocked cells that are not tests."""
    units = []
    for i, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        # The metadata is the student's too: anything but a dictionary counts as none.
        meta = cell.get("metadata")
        meta = meta.get("nbgrader") if isinstance(meta, dict) else None
        meta = meta if isinstance(meta, dict) else {}
        if meta.get("grade") or (meta.get("locked") and not meta.get("solution")):
            continue
        if meta.get("solution") and meta.get("grade_id"):
            unit = re.sub(r"_solution$", "", str(meta["grade_id"]))
        else:
            unit = f"{stem}_cell{i + 1}"
        source = cell.get("source", "")
        units.append((safe_name(unit), source if isinstance(source, str) else "".join(map(str, source))))
    return units


def submission_units(folder):
    """unit -> code of one student's folder (every readable notebook in it); plus unreadable names."""
    units, unreadable = {}, []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # not JSON, not a notebook: grading notes it already
            unreadable.append(path.name)
            continue
        for unit, code in student_cells(nb, safe_name(path.stem)):
            name, k = unit, 2
            while name in units:  # the same part in a second notebook (a copy of part_a, ...)
                name, k = f"{unit}_{k}", k + 1
            units[name] = code
    return units, unreadable


def library_units(lib_src):
    units = {}
    for unit, (rel, wanted) in LIBRARY_METHODS.items():
        path = lib_src / rel
        if not path.exists():
            raise SimilarityError(f"{path} does not exist; update LIBRARY_METHODS in tools/similarity.py")
        # The methods as class members; their modifiers (public static) are members' modifiers too.
        units[unit] = "\n\n".join(extract_methods(path.read_text(encoding="utf-8"), wanted, path))
    return units


def base_units(release):
    """The released solution cells (signature and stub): the code every student was given."""
    units = {}
    for path in sorted(release.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.get("cell_type") == "code" and meta.get("solution") and not meta.get("grade"):
                units[safe_name(re.sub(r"_solution$", "", meta.get("grade_id", "")))] = cell.get("source", "")
    return units


# ---- JPlag -----------------------------------------------------------------------------------

def java_command(java):
    """The java to run JPlag 4.3.0 with (Java 17 or later), or a SimilarityError saying why not."""
    if not shutil.which(java):
        raise SimilarityError(f"no '{java}' on PATH: JPlag needs Java 17 or later")
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    major = int(m.group(1)) if m else 0
    major = int(m.group(2)) if major == 1 and m.group(2) else major
    if major < 17:
        raise SimilarityError(f"'{java}' is Java {major or '?'}, JPlag 4.3.0 needs Java 17 or later")
    return java


def run_jplag(work, jplag_dir, java, min_tokens, report_dir):
    # JPlag runs in `work`: every path it gets is absolute.
    work, jplag_dir = work.resolve(), jplag_dir.resolve()
    report_dir = report_dir.resolve() if report_dir else None
    classpath = os.pathsep.join([str(jplag_dir / "classes"), str(jplag_dir / "lib" / "*")])
    if not (jplag_dir / "classes" / "JplagReport.class").exists():
        raise SimilarityError(f"JPlag is not set up in {jplag_dir}: run `make similarity-deps`")
    out = work / "result.json"
    cmd = [java, "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", classpath, "JplagReport",
           str(work), str(out), str(min_tokens)] + ([str(report_dir)] if report_dir else [])
    # JPlag writes an errors/ folder into its working directory in some cases: keep it in `work`.
    try:
        proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=JPLAG_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise SimilarityError(f"JPlag did not finish within {JPLAG_TIMEOUT} s") from None
    if proc.returncode != 0 or not out.exists():
        tail = " ".join((proc.stderr or proc.stdout).split())[-300:]
        raise SimilarityError(f"JPlag failed (exit {proc.returncode}): {tail}")
    return json.loads(out.read_text(encoding="utf-8"))


def matched_functions(files, order, share=FUNCTION_SHARE):
    """[(function, percent of its tokens matched)] of one side, those with at least `share` matched."""
    named = []
    for unit in order:
        matched, total = files.get(unit + ".java", (0, 0))
        if total and matched / total >= share:
            named.append((unit, 100 * matched / total))
    return named


def compare(course, assignment, lib_src, jplag_dir, threshold=DEFAULT_THRESHOLD, min_tokens=DEFAULT_MIN_TOKENS,
            java="java", keep=None):
    """Runs the comparison and writes the CSV files; returns (rows, unparsed, result of JplagReport)."""
    course = pathlib.Path(course)
    submitted = course / "submitted"
    students = sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())
    if LIBRARY in students:
        raise SimilarityError(f"a student is named '{LIBRARY}', the name similarity.csv gives the library's code")
    java = java_command(java)
    ids = {}  # JPlag submission name -> student (or the library); names of our own, never a student's
    with tempfile.TemporaryDirectory(prefix="rnnwb-similarity-") as tmp:
        work = pathlib.Path(keep) if keep else pathlib.Path(tmp)
        if keep:
            shutil.rmtree(work, ignore_errors=True)
        orders, unparsed = {}, []

        def write(name, who, units):
            ids[name] = who
            orders[who] = list(units)
            folder = work / "submissions" / name
            folder.mkdir(parents=True)
            for unit, code in units.items():
                (folder / f"{unit}.java").write_text(to_java(unit, code), encoding="utf-8")

        for k, student in enumerate(students):
            units, unreadable = submission_units(submitted / student / assignment)
            unparsed += [(student, name, "not a readable notebook") for name in unreadable]
            write(f"s{k:05d}", student, units)
        write("reference", LIBRARY, library_units(pathlib.Path(lib_src)))
        release = course / "release" / assignment
        base = base_units(release) if release.is_dir() else {}
        if base:
            (work / "base").mkdir(parents=True)
            for unit, code in base.items():
                (work / "base" / f"{unit}.java").write_text(to_java(unit, code), encoding="utf-8")

        report_dir = course / "similarity-report"
        result = run_jplag(work, pathlib.Path(jplag_dir), java, min_tokens, report_dir)

    unparsed += [(ids[u["submission"]], u["file"].removesuffix(".java"),
                  "JPlag could not parse it: " + re.sub(r"^failed to parse '.*?' with reason: ", "", u["message"]))
                 for u in result["unparsed_files"]]
    rows = []
    for c in result["comparisons"]:
        a, b = ids[c["a"]], ids[c["b"]]
        files_a, files_b = c["files_a"], c["files_b"]
        if a == LIBRARY or (b != LIBRARY and b < a):
            a, b, files_a, files_b = b, a, files_b, files_a
        if b == LIBRARY:
            # The share of the student's code found in the library: the library holds all the graded
            # functions, so a paste of some of them is diluted in JPlag's average similarity.
            similarity = 100 * sum(m for m, _ in files_a.values()) / max(1, sum(t for _, t in files_a.values()))
        else:
            similarity = 100 * c["similarity"]
        if similarity + 1e-9 < threshold:
            continue
        # The functions of a that matched, then those of b under other names (a cell a added, ...).
        named = dict(matched_functions(files_a, orders[a]))
        for unit, share in matched_functions(files_b, orders[b]):
            named.setdefault(unit, share)
        names = ", ".join(f"{unit} {share:.0f}%" for unit, share in named.items())
        rows.append((a, b, similarity, names))
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))

    write_csv(course / "similarity.csv", ["student_a", "student_b", "similarity", "matched_functions"],
              [(a, b, f"{s:.1f}", n) for a, b, s, n in rows])
    write_csv(course / "similarity-unparsed.csv", ["student", "cell", "problem"], unparsed)
    return rows, unparsed, result


def write_csv(path, header, rows):
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("course", type=pathlib.Path)
    ap.add_argument("--assignment", default="rnn_assignment")
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                    help=f"report pairs at or above this similarity, in percent (default {DEFAULT_THRESHOLD:g})")
    ap.add_argument("--min-tokens", type=int, default=DEFAULT_MIN_TOKENS,
                    help=f"JPlag's minimum match length in tokens (default {DEFAULT_MIN_TOKENS})")
    ap.add_argument("--lib-src", type=pathlib.Path, default=ROOT / "lib-src" / "main" / "java")
    ap.add_argument("--jplag", type=pathlib.Path, default=ROOT / "target" / "jplag",
                    help="folder with JPlag's jars (lib/) and the compiled JplagReport (classes/)")
    ap.add_argument("--java", default=os.path.join(os.environ["JAVA_HOME"], "bin", "java")
                    if os.environ.get("JAVA_HOME") else "java")
    ap.add_argument("--keep", type=pathlib.Path, help="keep the Java files given to JPlag in this folder")
    args = ap.parse_args(argv)
    if not 0 <= args.threshold <= 100:
        ap.error(f"--threshold must be a percentage in [0, 100], got {args.threshold:g}")
    if args.min_tokens < 1:
        ap.error(f"--min-tokens must be at least 1, got {args.min_tokens}")
    if not (args.course / "submitted").is_dir():
        ap.error(f"course: {args.course / 'submitted'} is not a folder")
    # A stale report must never feed grades.csv: it goes first, and comes back only when this run succeeds.
    for name in ("similarity.csv", "similarity-unparsed.csv", "similarity-report.zip"):
        (args.course / name).unlink(missing_ok=True)
    try:
        rows, unparsed, result = compare(args.course, args.assignment, args.lib_src, args.jplag, args.threshold,
                                         args.min_tokens, args.java, args.keep)
    except SimilarityError as e:
        print(f"rnn-workbench: no similarity report: {e}", file=sys.stderr)
        return 1
    print(f"similarity: {len(result['compared']) - 1} submissions and the library compared by JPlag "
          f"{result['jplag']} (Java {result['java']}); {len(rows)} pairs at or above {args.threshold:g} % "
          f"in {args.course / 'similarity.csv'}")
    for a, b, s, names in rows[:20]:
        print(f"  {s:5.1f} %  {a} ~ {b}" + (f"  ({names})" if names else ""))
    if len(rows) > 20:
        print(f"  ... and {len(rows) - 20} more")
    for student, cell, problem in unparsed:
        print(f"  not compared: {student} {cell}: {problem}")
    if result.get("problem"):
        print(f"  JPlag: {result['problem']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
