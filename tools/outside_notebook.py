"""Checks that the installed library works in a notebook outside the repository, as a user's own
notebook would use it after `make install`:

    %maven org.rnnworkbench:rnn-workbench:<version>
    import static org.rnnworkbench.jupyter.Notebook.*;

The notebook is created in a temporary folder (no setup.jsh, no path into the checkout) and run on a
fresh Java kernel; its cells must show a figure as a plotly bundle, a matrix as NumPy prints it and a
progress line, with no error and nothing on stderr. The version is read from pom.xml.

    python tools/outside_notebook.py
"""
import pathlib
import re
import sys
import tempfile

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLOTLY = "application/vnd.plotly.v1+json"


def version():
    pom = (ROOT / "pom.xml").read_text(encoding="utf-8")
    # The project's own version: the first <version> after </artifactId> at the top level.
    m = re.search(r"<artifactId>rnn-workbench</artifactId>\s*<version>([^<]+)</version>", pom)
    if not m:
        raise SystemExit("outside notebook: cannot read the project version from pom.xml")
    return m.group(1)


CELLS = [
    "%maven org.rnnworkbench:rnn-workbench:{version}\nimport static org.rnnworkbench.jupyter.Notebook.*;",
    # A figure as the last value of a cell: the extension renders it, no show() needed.
    'org.rnnworkbench.plot.Plots.bar("Outside the repository", "kind", "count", '
    'new String[] {"a", "b"}, new double[] {1, 2})',
    "var rng = new org.rnnworkbench.random.NumpyRandom(1);\nrng.randn(2, 3)",
    'var sink = progressLine();\nfor (int i = 1; i <= 3; i++) sink.accept("step " + i + " of 3");',
]


def check(nb):
    problems = []
    outputs = [cell.get("outputs", []) for cell in nb.cells]
    for i, outs in enumerate(outputs):
        for out in outs:
            if out.get("output_type") == "error":
                problems.append(f"cell {i + 1}: {out.get('ename')}: {out.get('evalue')}")
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append(f"cell {i + 1} wrote to stderr: {out.get('text', '')[:300]!r}")
    data = lambda i: [o.get("data", {}) for o in outputs[i] if "data" in o]
    if not any(PLOTLY in d and isinstance(d[PLOTLY], dict) for d in data(1)):
        problems.append("cell 2: the figure did not display as a plotly bundle")
    # np.random.seed(1); np.random.randn(2, 3) starts with 1.62434536.
    texts = ["".join(d.get("text/plain", "")) for d in data(2)]
    if not any(t.startswith("shape (2, 3)\n[[ 1.62434536") for t in texts):
        problems.append(f"cell 3: the matrix did not print as NumPy prints it: {texts}")
    lines = ["".join(d.get("text/plain", "")) for d in data(3)]
    if lines != ["step 3 of 3"]:
        problems.append(f"cell 4: the progress line should end as 'step 3 of 3' but the outputs are {lines}")
    return problems


def main():
    v = version()
    with tempfile.TemporaryDirectory(prefix="rnnwb-outside-") as tmp:
        path = pathlib.Path(tmp) / "my_notebook.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java", "language": "java"}
        nb.cells = [nbformat.v4.new_code_cell(c.replace("{version}", v)) for c in CELLS]
        nbformat.write(nb, path)
        client = NotebookClient(nb, timeout=300, kernel_name="java", resources={"metadata": {"path": tmp}},
                                shutdown_kernel="immediate")
        try:
            client.execute()
        except CellExecutionError:
            pass  # the error is in the outputs, reported below
        problems = check(nb)
        if problems:
            print(f"FAIL notebook outside the repository ({path.name}, %maven ...:{v}):")
            for p in problems:
                print(f"     - {p}")
            return 1
    print(f"ok   notebook outside the repository: %maven org.rnnworkbench:rnn-workbench:{v}, "
          "a figure, a matrix and a progress line displayed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
