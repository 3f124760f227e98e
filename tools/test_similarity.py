"""Tests of the similarity report (tools/similarity.py and rnn_grading.similarity_notes).

    python tools/test_similarity.py        (make similarity-test; needs make similarity-deps)

Tiny synthetic submissions of four graded functions, run through JPlag: an exact copy of another
student, a copy with renamed variables and reordered statements, a paste of the library's own
implementation, two honest independent solutions, and a submission with a cell that does not parse
and a cell of plain statements. The copies must be flagged and the honest solutions not.
"""
import csv
import pathlib
import re
import sys
import tempfile
import unittest

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "grading"))

import similarity  # noqa: E402
from rnn_grading import similarity_notes  # noqa: E402

ASSIGNMENT = "rnn_assignment"
SIGNATURES = {
    "rnn_cell_forward": "RnnCellResult rnnCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, RnnParameters parameters)",
    "rnn_forward": "RnnForwardResult rnnForward(Tensor3 x, DMatrixRMaj a0, RnnParameters parameters)",
    "rnn_cell_backward": "RnnCellGradients rnnCellBackward(DMatrixRMaj daNext, RnnCache cache)",
    "clip": "Gradients clip(Gradients gradients, double maxValue)",
}

# An honest solution in the style of the assignment (library calls for the linear algebra).
ALICE = {
    "rnn_cell_forward": """
    DMatrixRMaj aNext = CommonOps_DDRM.mult(parameters.get("Waa"), aPrev, null);
    CommonOps_DDRM.multAdd(parameters.get("Wax"), xt, aNext);
    Ops.addColumn(aNext, parameters.get("ba"), aNext);
    Ops.tanh(aNext, aNext);
    DMatrixRMaj yPred = CommonOps_DDRM.mult(parameters.get("Wya"), aNext, null);
    Ops.addColumn(yPred, parameters.get("by"), yPred);
    Ops.softmaxColumns(yPred, yPred);
    RnnCache cache = new RnnCache(aNext, aPrev, xt, parameters);
    return new RnnCellResult(aNext, yPred, cache);
""",
    "rnn_forward": """
    Tensor3 a = new Tensor3(parameters.nA(), x.m(), x.T());
    Tensor3 yPred = new Tensor3(parameters.nY(), x.m(), x.T());
    List<RnnCache> caches = new ArrayList<>();
    DMatrixRMaj aNext = a0;
    for (int t = 0; t < x.T(); t++) {
        RnnCellResult step = rnnCellForward(x.slice(t), aNext, parameters);
        aNext = step.aNext();
        a.slice(t).setTo(aNext);
        yPred.slice(t).setTo(step.yPred());
        caches.add(step.cache());
    }
    return new RnnForwardResult(a, yPred, new RnnCaches(caches, x));
""",
    "rnn_cell_backward": """
    DMatrixRMaj aNext = cache.aNext();
    RnnParameters parameters = cache.parameters();
    DMatrixRMaj dtanh = new DMatrixRMaj(aNext.numRows, aNext.numCols);
    int n = dtanh.getNumElements();
    for (int i = 0; i < n; i++) {
        dtanh.data[i] = (1 - aNext.data[i] * aNext.data[i]) * daNext.data[i];
    }
    DMatrixRMaj dxt = CommonOps_DDRM.multTransA(parameters.get("Wax"), dtanh, null);
    DMatrixRMaj dWax = CommonOps_DDRM.multTransB(dtanh, cache.xt(), null);
    DMatrixRMaj daPrev = CommonOps_DDRM.multTransA(parameters.get("Waa"), dtanh, null);
    DMatrixRMaj dWaa = CommonOps_DDRM.multTransB(dtanh, cache.aPrev(), null);
    DMatrixRMaj dba = Ops.sumRows(dtanh, new DMatrixRMaj(1, 1));
    return new RnnCellGradients(dxt, daPrev, dWax, dWaa, dba);
""",
    "clip": """
    for (String name : List.of("dWaa", "dWax", "dWya", "db", "dby")) {
        DMatrixRMaj g = gradients.get(name);
        for (int i = 0; i < g.getNumElements(); i++) {
            g.data[i] = Math.max(-maxValue, Math.min(maxValue, g.data[i]));
        }
    }
    return gradients;
""",
}

# Alice's code with every local variable renamed and the independent statements reordered.
CAROL = {
    "rnn_cell_forward": """
    DMatrixRMaj h = CommonOps_DDRM.mult(parameters.get("Waa"), aPrev, null);
    CommonOps_DDRM.multAdd(parameters.get("Wax"), xt, h);
    Ops.addColumn(h, parameters.get("ba"), h);
    Ops.tanh(h, h);
    RnnCache saved = new RnnCache(h, aPrev, xt, parameters);
    DMatrixRMaj out = CommonOps_DDRM.mult(parameters.get("Wya"), h, null);
    Ops.addColumn(out, parameters.get("by"), out);
    Ops.softmaxColumns(out, out);
    return new RnnCellResult(h, out, saved);
""",
    "rnn_forward": """
    List<RnnCache> memo = new ArrayList<>();
    Tensor3 outs = new Tensor3(parameters.nY(), x.m(), x.T());
    Tensor3 states = new Tensor3(parameters.nA(), x.m(), x.T());
    DMatrixRMaj h = a0;
    for (int step = 0; step < x.T(); step++) {
        RnnCellResult r = rnnCellForward(x.slice(step), h, parameters);
        h = r.aNext();
        outs.slice(step).setTo(r.yPred());
        states.slice(step).setTo(h);
        memo.add(r.cache());
    }
    return new RnnForwardResult(states, outs, new RnnCaches(memo, x));
""",
    "rnn_cell_backward": """
    RnnParameters p = cache.parameters();
    DMatrixRMaj h = cache.aNext();
    DMatrixRMaj g = new DMatrixRMaj(h.numRows, h.numCols);
    int size = g.getNumElements();
    for (int k = 0; k < size; k++) {
        g.data[k] = (1 - h.data[k] * h.data[k]) * daNext.data[k];
    }
    DMatrixRMaj gradWax = CommonOps_DDRM.multTransB(g, cache.xt(), null);
    DMatrixRMaj gradX = CommonOps_DDRM.multTransA(p.get("Wax"), g, null);
    DMatrixRMaj gradWaa = CommonOps_DDRM.multTransB(g, cache.aPrev(), null);
    DMatrixRMaj gradPrev = CommonOps_DDRM.multTransA(p.get("Waa"), g, null);
    DMatrixRMaj gradB = Ops.sumRows(g, new DMatrixRMaj(1, 1));
    return new RnnCellGradients(gradX, gradPrev, gradWax, gradWaa, gradB);
""",
    "clip": """
    for (String key : List.of("dWaa", "dWax", "dWya", "db", "dby")) {
        DMatrixRMaj m = gradients.get(key);
        for (int j = 0; j < m.getNumElements(); j++) {
            m.data[j] = Math.max(-maxValue, Math.min(maxValue, m.data[j]));
        }
    }
    return gradients;
""",
}

# Honest and independent: every product written out as loops, its own softmax.
ERIN = {
    "rnn_cell_forward": """
    DMatrixRMaj Waa = parameters.get("Waa"), Wax = parameters.get("Wax"), Wya = parameters.get("Wya");
    int nA = Waa.numRows, m = xt.numCols, nY = Wya.numRows;
    DMatrixRMaj h = new DMatrixRMaj(nA, m);
    for (int r = 0; r < nA; r++) {
        for (int c = 0; c < m; c++) {
            double s = parameters.get("ba").get(r, 0);
            for (int k = 0; k < nA; k++) s += Waa.get(r, k) * aPrev.get(k, c);
            for (int k = 0; k < xt.numRows; k++) s += Wax.get(r, k) * xt.get(k, c);
            h.set(r, c, Math.tanh(s));
        }
    }
    DMatrixRMaj probs = new DMatrixRMaj(nY, m);
    for (int c = 0; c < m; c++) {
        double max = Double.NEGATIVE_INFINITY;
        double[] z = new double[nY];
        for (int r = 0; r < nY; r++) {
            z[r] = parameters.get("by").get(r, 0);
            for (int k = 0; k < nA; k++) z[r] += Wya.get(r, k) * h.get(k, c);
            max = Math.max(max, z[r]);
        }
        double total = 0;
        for (int r = 0; r < nY; r++) { z[r] = Math.exp(z[r] - max); total += z[r]; }
        for (int r = 0; r < nY; r++) probs.set(r, c, z[r] / total);
    }
    return new RnnCellResult(h, probs, new RnnCache(h, aPrev, xt, parameters));
""",
    "rnn_forward": """
    int steps = x.T();
    Tensor3 hs = new Tensor3(parameters.nA(), x.m(), steps);
    Tensor3 ys = new Tensor3(parameters.nY(), x.m(), steps);
    RnnCache[] kept = new RnnCache[steps];
    int t = 0;
    DMatrixRMaj state = a0.copy();
    while (t < steps) {
        RnnCellResult out = rnnCellForward(x.slice(t), state, parameters);
        state = out.aNext();
        kept[t] = out.cache();
        hs.slice(t).setTo(state);
        ys.slice(t).setTo(out.yPred());
        t++;
    }
    return new RnnForwardResult(hs, ys, new RnnCaches(Arrays.asList(kept), x));
""",
    "rnn_cell_backward": """
    DMatrixRMaj Wax = cache.parameters().get("Wax"), Waa = cache.parameters().get("Waa");
    int nA = Waa.numRows, m = daNext.numCols, nX = Wax.numCols;
    double[][] d = new double[nA][m];
    for (int r = 0; r < nA; r++)
        for (int c = 0; c < m; c++) {
            double a = cache.aNext().get(r, c);
            d[r][c] = daNext.get(r, c) * (1 - a * a);
        }
    DMatrixRMaj dxt = new DMatrixRMaj(nX, m), daPrev = new DMatrixRMaj(nA, m);
    DMatrixRMaj dWax = new DMatrixRMaj(nA, nX), dWaa = new DMatrixRMaj(nA, nA), dba = new DMatrixRMaj(nA, 1);
    for (int r = 0; r < nA; r++) {
        for (int c = 0; c < m; c++) {
            dba.add(r, 0, d[r][c]);
            for (int k = 0; k < nX; k++) { dxt.add(k, c, Wax.get(r, k) * d[r][c]); dWax.add(r, k, d[r][c] * cache.xt().get(k, c)); }
            for (int k = 0; k < nA; k++) { daPrev.add(k, c, Waa.get(r, k) * d[r][c]); dWaa.add(r, k, d[r][c] * cache.aPrev().get(k, c)); }
        }
    }
    return new RnnCellGradients(dxt, daPrev, dWax, dWaa, dba);
""",
    "clip": """
    gradients.asMap().values().forEach(g -> Arrays.setAll(g.data, i -> g.data[i] > maxValue ? maxValue
            : g.data[i] < -maxValue ? -maxValue : g.data[i]));
    return gradients;
""",
}

# Honest and independent in another way: small helpers of its own in a cell it added.
FRANK_HELPERS = """
DMatrixRMaj affine(DMatrixRMaj w, DMatrixRMaj v, DMatrixRMaj bias) {
    DMatrixRMaj out = new DMatrixRMaj(w.numRows, v.numCols);
    CommonOps_DDRM.mult(w, v, out);
    for (int c = 0; c < out.numCols; c++) {
        for (int r = 0; r < out.numRows; r++) {
            out.add(r, c, bias.get(r, 0));
        }
    }
    return out;
}

DMatrixRMaj map(DMatrixRMaj m, java.util.function.DoubleUnaryOperator f) {
    DMatrixRMaj out = m.copy();
    for (int i = 0; i < out.data.length; i++) out.data[i] = f.applyAsDouble(out.data[i]);
    return out;
}
"""
FRANK = {
    "rnn_cell_forward": """
    DMatrixRMaj stacked = new DMatrixRMaj(0, 0);
    CommonOps_DDRM.concatRows(aPrev, xt, stacked);
    DMatrixRMaj W = new DMatrixRMaj(0, 0);
    CommonOps_DDRM.concatColumns(parameters.get("Waa"), parameters.get("Wax"), W);
    DMatrixRMaj next = map(affine(W, stacked, parameters.get("ba")), Math::tanh);
    DMatrixRMaj logits = affine(parameters.get("Wya"), next, parameters.get("by"));
    DMatrixRMaj e = map(logits, Math::exp);
    DMatrixRMaj sums = CommonOps_DDRM.sumCols(e, null);
    for (int c = 0; c < e.numCols; c++) for (int r = 0; r < e.numRows; r++) e.div(r, c, sums.get(0, c));
    return new RnnCellResult(next, e, new RnnCache(next, aPrev, xt, parameters));
""",
    "rnn_forward": """
    List<RnnCellResult> results = new ArrayList<>();
    DMatrixRMaj prev = a0;
    for (DMatrixRMaj column : x.slices()) {
        results.add(rnnCellForward(column, prev, parameters));
        prev = results.get(results.size() - 1).aNext();
    }
    return RnnForwardResult.of(results, x);
""",
    "rnn_cell_backward": """
    DMatrixRMaj g = map(cache.aNext(), v -> 1 - v * v);
    CommonOps_DDRM.elementMult(g, daNext);
    var p = cache.parameters();
    return new RnnCellGradients(
            CommonOps_DDRM.multTransA(p.get("Wax"), g, null),
            CommonOps_DDRM.multTransA(p.get("Waa"), g, null),
            CommonOps_DDRM.multTransB(g, cache.xt(), null),
            CommonOps_DDRM.multTransB(g, cache.aPrev(), null),
            CommonOps_DDRM.sumRows(g, null));
""",
    "clip": """
    Gradients out = gradients;
    out.asMap().forEach((name, g) -> {
        for (int i = 0; i < g.data.length; i++) {
            if (Double.isNaN(g.data[i])) continue;
            if (g.data[i] > maxValue) g.data[i] = maxValue;
            if (g.data[i] < -maxValue) g.data[i] = -maxValue;
        }
    });
    return out;
""",
}


def library_paste():
    """Each function's cell: the library's own methods pasted (its overloads and helpers too)."""
    lib = similarity.library_units(ROOT / "lib-src" / "main" / "java")
    return {unit: re.sub(r"\bpublic static ", "", lib[unit]) for unit in SIGNATURES}


def solution_cell(unit, body):
    cell = new_code_cell(f"{SIGNATURES[unit]} {{\n{body}}}\n" if body is not None else "")
    cell.metadata["nbgrader"] = {"solution": True, "grade": False, "locked": False, "grade_id": f"{unit}_solution"}
    return cell


def notebook(bodies, extra_cells=(), whole_cells=None):
    """A part_a like the released one, its solution cells filled in; whole_cells replaces whole cells."""
    nb = new_notebook()
    setup = new_code_cell("%load setup.jsh")
    setup.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True, "grade_id": "setup"}
    nb.cells.append(setup)
    for unit in SIGNATURES:
        nb.cells.append(new_markdown_cell(f"Write {unit}."))
        if whole_cells and unit in whole_cells:
            cell = solution_cell(unit, "")
            cell.source = whole_cells[unit]
        else:
            cell = solution_cell(unit, bodies[unit])
        nb.cells.append(cell)
        test = new_code_cell(f'Check.passed("{unit}");\nSystem.out.println({unit}(null));')
        test.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 1,
                                     "grade_id": unit}
        nb.cells.append(test)
    for source in extra_cells:
        nb.cells.append(new_code_cell(source))
    return nb


class SimilarityReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="rnnwb-similarity-test-")
        course = pathlib.Path(cls.tmp.name)
        lib = library_paste()
        broken = dict(ERIN)
        students = {
            "alice": notebook(ALICE),
            "bob": notebook(ALICE),  # an exact copy
            "carol": notebook(CAROL),
            "dave": notebook(None, whole_cells=lib),
            "erin": notebook(ERIN),
            "frank": notebook(FRANK, extra_cells=[FRANK_HELPERS]),
            # Erin's code copied, with a cell that does not parse and a cell of statements and an
            # expression (JShell style).
            "gina": notebook({**broken, "clip": "    return gradients\n"},
                             extra_cells=['int[] seen = {1, 2};\nfor (int s : seen) { System.out.println(s); }\nseen.length']),
        }
        for student, nb in students.items():
            folder = course / "submitted" / student / ASSIGNMENT
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / "part_a.ipynb")
        release = course / "release" / ASSIGNMENT
        release.mkdir(parents=True)
        stub = '    // YOUR CODE HERE\n    throw new UnsupportedOperationException("not implemented");\n'
        nbformat.write(notebook({u: stub for u in SIGNATURES}), release / "part_a.ipynb")
        cls.course = course
        cls.rows, cls.unparsed, cls.result = similarity.compare(
            course, ASSIGNMENT, ROOT / "lib-src" / "main" / "java", ROOT / "target" / "jplag", threshold=0)
        cls.share = {frozenset((a, b)): s for a, b, s, _ in cls.rows}
        cls.functions = {frozenset((a, b)): f for a, b, _, f in cls.rows}
        print("\nmeasured similarities (percent):", file=sys.stderr)
        for a, b, s, f in cls.rows:
            print(f"  {s:5.1f}  {a:6} {b:8} {f}", file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def similarity(self, a, b):
        return self.share.get(frozenset((a, b)), 0.0)

    def test_copies_are_flagged(self):
        t = similarity.DEFAULT_THRESHOLD
        self.assertGreaterEqual(self.similarity("alice", "bob"), 99.9)
        self.assertGreaterEqual(self.similarity("alice", "carol"), t)
        self.assertGreaterEqual(self.similarity("bob", "carol"), t)
        self.assertGreaterEqual(self.similarity("dave", "library"), t)

    def test_honest_solutions_are_not_flagged(self):
        t = similarity.DEFAULT_THRESHOLD
        for honest, copied_by in (("erin", "gina"), ("frank", None)):
            for other in ("alice", "bob", "carol", "dave", "erin", "frank", "gina", "library"):
                if other not in (honest, copied_by):
                    self.assertLess(self.similarity(honest, other), t, f"{honest} ~ {other}")
        self.assertLess(self.similarity("alice", "library"), t)

    def test_matched_functions_name_the_copied_parts(self):
        for unit in SIGNATURES:
            self.assertIn(unit, self.functions[frozenset(("dave", "library"))])
        # Carol reordered the nine statements of rnn_cell_forward: runs shorter than JPlag's minimum
        # match remain there, the other three functions are named.
        for unit in ("rnn_forward", "rnn_cell_backward", "clip"):
            self.assertIn(unit, self.functions[frozenset(("alice", "carol"))])
        self.assertNotIn("rnn_cell_forward", self.functions[frozenset(("alice", "carol"))])

    def test_a_cell_that_does_not_parse_is_reported_and_the_rest_compared(self):
        self.assertEqual([(s, c) for s, c, _ in self.unparsed], [("gina", "clip")])
        self.assertIn("';' expected", self.unparsed[0][2])
        # gina's other cells (erin's code) are compared: she matches erin on them.
        self.assertGreater(self.similarity("gina", "erin"), 50)
        self.assertIn("rnn_cell_backward", self.functions[frozenset(("erin", "gina"))])
        self.assertIn("part_a_cell", " ".join(self.result["compared"]) + str(self.result["comparisons"]))

    def test_base_code_is_used(self):
        self.assertTrue(self.result["base_code"], self.result.get("base_code_problem"))

    def test_csv_and_grades_notes(self):
        # The report written with the default threshold: only the copies are in it.
        similarity.compare(self.course, ASSIGNMENT, ROOT / "lib-src" / "main" / "java", ROOT / "target" / "jplag")
        with open(self.course / "similarity.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(list(rows[0]), ["student_a", "student_b", "similarity", "matched_functions"])
        pairs = {frozenset((r["student_a"], r["student_b"])) for r in rows}
        self.assertEqual(pairs, {frozenset(p) for p in [("alice", "bob"), ("alice", "carol"), ("bob", "carol"),
                                                          ("dave", "library"), ("erin", "gina")]})
        notes = similarity_notes(self.course)
        self.assertEqual(set(notes), {"alice", "bob", "carol", "dave", "erin", "gina"})
        self.assertIn("100% with bob", notes["alice"][0])
        self.assertIn("not a verdict", notes["alice"][0])
        self.assertIn("with the library [rnn_cell_forward", notes["dave"][0])
        self.assertEqual(notes["gina"][1], "similarity: clip not compared (JPlag could not parse it: ';' expected)")
        self.assertNotIn("frank", notes)


class JshellWrappingTest(unittest.TestCase):
    def test_members_statements_and_imports(self):
        code = ('import java.util.*;\n%%time\nint x = 3;\nx = x + 1;\nString f(int a) { return "}" + a; }\n'
                'record P(int a) {}\nfor (int i = 0; i < 2; i++) { x++; }\nif (x > 1) { x--; } else { x++; }\nx')
        kinds = [k for _, k in similarity.snippets(code)]
        self.assertEqual(kinds, ["import", "member", "statement", "member", "member", "statement", "statement",
                                 "statement"])
        java = similarity.to_java("cell", code)
        self.assertTrue(java.startswith("import java.util.*;\nclass cell {"))
        self.assertIn("{\nObject value = (x);\n}", java)

    def test_tampered_metadata_counts_as_student_code(self):
        nb = new_notebook(cells=[new_code_cell("int a = 1;"), new_code_cell("int b = 2;"),
                                 new_code_cell("int c = 3;"), new_code_cell("int d = 4;")])
        nb.cells[0].metadata["nbgrader"] = "locked"
        nb.cells[1].metadata = ["not", "a", "dictionary"]
        nb.cells[2].metadata["nbgrader"] = {"solution": True, "grade_id": "../../etc/x_solution"}
        nb.cells[3].metadata["nbgrader"] = {"grade": True, "grade_id": "clip"}  # a test cell: not compared
        units = similarity.student_cells(nb, "part_a")
        self.assertEqual([u for u, _ in units], ["part_a_cell1", "part_a_cell2", "______etc_x"])

    def test_library_methods_are_found(self):
        units = similarity.library_units(ROOT / "lib-src" / "main" / "java")
        self.assertEqual(list(units), list(similarity.LIBRARY_METHODS))
        self.assertIn("rnnCellForward(DMatrixRMaj xt", units["rnn_cell_forward"])
        self.assertIn("lossAndGradients(", units["optimize"])

    def test_a_renamed_library_method_fails_loudly(self):
        with self.assertRaisesRegex(similarity.SimilarityError, r"no method rnnCellForwardX\(DMatrixRMaj\)"):
            similarity.extract_methods("class A { void rnnCellForward(DMatrixRMaj x) {} }",
                                       [("rnnCellForwardX", ("DMatrixRMaj",))], "A.java")


if __name__ == "__main__":
    unittest.main(verbosity=2)
