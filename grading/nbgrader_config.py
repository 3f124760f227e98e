# nbgrader configuration of the RNN Workbench course. Run nbgrader from this folder, with
# RNN_COURSE=/path/to/course for a course kept elsewhere (this folder is the example course), or use
# `make release` and `make grade [COURSE=...]` in the repository root (see README.md here).
#
# Settings for Java notebooks, measured with nbgrader 0.9.6 and jjava 1.0a8:
# - Solution regions are `// BEGIN SOLUTION` ... `// END SOLUTION` and hidden tests
#   `// BEGIN HIDDEN TESTS` ... `// END HIDDEN TESTS` (nbgrader matches the words anywhere on the
#   line; `### BEGIN SOLUTION` would be a Java compile error in the source notebook).
# - nbgrader picks the code stub by the notebook's kernelspec language (`java`). Its own Java stub,
#   a bare `// YOUR CODE HERE`, leaves a method with a return type uncompilable, and then every later
#   cell fails with "cannot find symbol": the stub below compiles and throws instead. A solution
#   region must therefore be a whole method body (code after a `throw` is unreachable).
# - The kernel is restarted, not interrupted, after a timeout, and a kernel death no longer ends the
#   grading of a submission (rnn_grading.RobustExecute).
# - Every notebook runs in its own sandbox (sandbox.py; README.md here has the threat model). The
#   Make targets set the limits below through the environment.
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds, IgnorePattern, LimitOutput,
    OverwriteKernelspec, SaveAutoGrades)
from rnn_grading import (  # noqa: E402
    CompareAnswers, NotedOverwriteCells, RejectShadowing, RobustExecute, skip_unreadable_notebooks)

c = get_config()  # noqa: F821 (defined by the configuration loader)

# The course folder: this one (the example course), or the one `make grade COURSE=...` names.
c.CourseDirectory.root = os.path.abspath(os.environ.get("RNN_COURSE") or HERE)
c.CourseDirectory.course_id = "rnn_workbench"

c.ClearSolutions.code_stub = {
    "java": '// YOUR CODE HERE\nthrow new UnsupportedOperationException("not implemented");',
    "python": "# YOUR CODE HERE\nraise NotImplementedError()",
}

# Per-cell time limit while autograding, in seconds (`make grade GRADING_CELL_TIMEOUT=...`).
c.Execute.timeout = int(os.environ.get("GRADING_CELL_TIMEOUT", "60"))
c.Execute.startup_timeout = 120
c.Execute.shutdown_kernel = "immediate"
# The sandbox: total time, memory, processes and threads of one notebook; the library it loads.
c.RobustExecute.sandbox = os.environ.get("UNSAFE_NO_SANDBOX", "") != "1"
c.RobustExecute.notebook_timeout = int(os.environ.get("GRADING_NOTEBOOK_TIMEOUT", "600"))
c.RobustExecute.memory = os.environ.get("GRADING_MEMORY", "3g")
c.RobustExecute.pids = int(os.environ.get("GRADING_PIDS", "512"))
if os.environ.get("RNN_WORKBENCH_LIB"):
    c.RobustExecute.library = os.environ["RNN_WORKBENCH_LIB"]

# nbgrader's own lists, with the two robust replacements in place of OverwriteCells and Execute,
# the static check of student code before execution (RejectShadowing), and the comparison of the
# test cells' answers with the instructor's expected values after it (CompareAnswers), outside the
# kernel and before SaveAutoGrades reads the scores.
c.Autograde.sanitize_preprocessors = [
    ClearOutput, DeduplicateIds, OverwriteKernelspec, NotedOverwriteCells, RejectShadowing, CheckCellMetadata]
c.Autograde.autograde_preprocessors = [
    RobustExecute, CompareAnswers, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
    AssignLatePenalties, CheckCellMetadata]
# Expected values of every test, captured from the source at `make release`; never in a kernel.
c.CompareAnswers.expected_root = os.path.join(c.CourseDirectory.root, "expected")
c.RejectShadowing.course_root = c.CourseDirectory.root
c.Autograde.create_student = True
# A notebook that is not valid JSON scores 0 instead of stopping the grading of the whole submission.
c.Autograde.pre_convert_hook = skip_unreadable_notebooks
# A test cell a student deleted is added back (as nbgrader's OverwriteCells can) and graded.
c.OverwriteCells.add_missing_cells = True

# Feedback pages: student markup sanitized, no script, a Content-Security-Policy.
c.GenerateFeedback.exporter_class = "rnn_grading.SafeFeedbackExporter"

# `nbgrader export` writes grades.csv: one row per student, one column per part, and notes.
c.ExportApp.plugin_class = "rnn_grading.PartsCsvExport"
c.ExportPlugin.to = os.path.join(c.CourseDirectory.root, "grades.csv")
