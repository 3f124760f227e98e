# RNN Workbench — `make lab` to work, `make test` to check everything.
# `make help` lists every target.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# --- Environment -----------------------------------------------------------------------------
# An activated conda environment made from environment.yml (it has Jupyter and the Java kernel)
# is used as it is; otherwise the project's own virtual environment in .venv.
ifneq ($(and $(CONDA_PREFIX),$(wildcard $(CONDA_PREFIX)/share/jupyter/kernels/java/kernel.json)),)
  ENV_DIR := $(CONDA_PREFIX)
  ENV_KIND := conda
else
  ENV_DIR := $(CURDIR)/.venv
  ENV_KIND := venv
endif
PYTHON ?= python3
ENV_BIN := $(ENV_DIR)/bin
ENV_PY := $(ENV_BIN)/python
ENV_STAMP := $(ENV_DIR)/.rnn-workbench-requirements

# The kernel runs the bare `java` on PATH, and nbgrader runs `alembic` by name: the environment's
# bin and a JDK 17+ come first on PATH for everything make starts.
JDK_BIN := $(if $(JAVA_HOME),$(JAVA_HOME)/bin:,)
export PATH := $(ENV_BIN):$(JDK_BIN)$(PATH)
# The Java kernels (and every JVM make starts for tests and benchmarks) get the JDK Vector API
# module, so the fast trainers run on its kernels; without it they run on the scalar ones. The JVM
# prints one "Using incubator modules" line on its stderr, which Jupyter keeps in its log.
# (Left out for a JDK built without the module, where the flag would stop the JVM from starting.)
VECTOR_MODULE_OPTS := $(shell java --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector@' && echo --add-modules jdk.incubator.vector)
JVM_BASE_OPTS := -Xmx2g -ea
export JJAVA_JVM_OPTS ?= $(JVM_BASE_OPTS) $(VECTOR_MODULE_OPTS)
# The NumPy interop test of model files runs this Python (it fails without one).
export RNNWB_PYTHON ?= $(ENV_PY)
export MAVEN_OPTS ?= -Xmx1g

MVN := mvn -B -q -ntp -Dstyle.color=never
LIB_SOURCES := $(shell find lib-src/main -type f 2>/dev/null)
LIB_STAMP := target/notebook-lib/.built
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
LAB_PORT ?= 8888

BROWSER_DIR := tools/browser-check
BROWSER_STAMP := $(BROWSER_DIR)/node_modules/.rnn-workbench-installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: help env build install outside-check lab test unit notebooks golden data bench check-env clean html browser browser-check lab-check slurm-test

help:
	@echo "RNN Workbench"
	@echo "  make lab        set up (first time only) and start JupyterLab on notebooks/"
	@echo "  make test       set up, run the unit tests, then execute every notebook headlessly"
	@echo "  make notebooks  re-execute every notebook in place and save its outputs"
	@echo "  make build      build target/rnn-workbench.jar and target/notebook-lib/ (no tests)"
	@echo "  make install    install the library into the local Maven repository (for %maven in any notebook)"
	@echo "  make golden     regenerate the golden fixtures from the NumPy reference"
	@echo "  make data       regenerate data/movie_titles.txt from the vega-datasets npm package"
	@echo "  make html       export the notebooks to target/html/ (viewable offline)"
	@echo "  make cds        a class-data-sharing archive that shortens bin/rnn-workbench's JVM start"
	@echo "  make bench      NumPy and JAX against the Java trainers (table + target/bench/results.json)"
	@echo "  make slurm-test a sweep as a job array on a real one-node Slurm (installs Debian's Slurm if missing)"
	@echo "  make release    write the student version of the graded assignment and its student edition"
	@echo "  make grade      autograde grading/submitted/ into grading/grades.csv and feedback (sandboxed;"
	@echo "                  COURSE=/path/to/course for a course kept outside the repository)"
	@echo "  make sandbox    install Debian's bubblewrap, the grading sandbox (apt-get; root or sudo)"
	@echo "  make similarity JPlag similarity report of the submissions (grading/similarity.csv)"
	@echo "  make clean      remove build outputs (keeps .venv)"

check-env:
	@tools/check_env.sh "$(PYTHON)"

# The environment is set up once; the stamp is renewed only when requirements.txt changes.
env: $(ENV_STAMP)

$(ENV_STAMP): requirements.txt | check-env
ifeq ($(ENV_KIND),venv)
	@test -x "$(ENV_PY)" || { echo "creating the project environment in .venv ..."; "$(PYTHON)" -m venv "$(ENV_DIR)"; }
endif
	@tools/pip_install.sh "$(ENV_PY)" requirements.txt
	@test -f "$(ENV_DIR)/share/jupyter/kernels/java/kernel.json" || { echo "rnn-workbench: the Java kernel (jjava) is not in $(ENV_DIR)/share/jupyter/kernels after installing requirements.txt" >&2; exit 1; }
	@"$(ENV_BIN)/jupyter" kernelspec list | grep -qE '^ +java +' || { echo "rnn-workbench: jupyter in $(ENV_DIR) does not list the Java kernel" >&2; exit 1; }
	@touch "$@"
	@echo "environment ready: $(ENV_DIR) ($(ENV_KIND)), Java kernel registered"

build: $(LIB_STAMP)

$(LIB_STAMP): pom.xml $(LIB_SOURCES) | check-env
	@echo "building the library (tests skipped; 'make test' runs them) ..."
	@$(MVN) -DskipTests package
	@touch "$@"

# The library in the local Maven repository (~/.m2), so any notebook loads it with
# %maven org.rnnworkbench:rnn-workbench:<version>.
install: check-env
	@echo "installing the library into the local Maven repository (tests skipped) ..."
	@$(MVN) -DskipTests install
	@touch "$(LIB_STAMP)"
	@echo "installed org.rnnworkbench:rnn-workbench:$$(sed -n 's#.*<artifactId>rnn-workbench</artifactId>##; /<version>/{s#.*<version>\(.*\)</version>.*#\1#p;q}' pom.xml)"

# A notebook in a temporary folder outside the repository loads the installed library with %maven.
outside-check: env install
	@"$(ENV_PY)" tools/outside_notebook.py

lab: env build
	@echo "starting JupyterLab on notebooks/ (Ctrl-C to stop); open the URL printed below"
	@"$(ENV_BIN)/jupyter" lab --notebook-dir=notebooks --ip=127.0.0.1 --port=$(LAB_PORT) --no-browser \
		$$( [ "$$(id -u)" = 0 ] && echo --allow-root )

unit: env
	@echo "unit tests (mvn verify) ..."
	@mvn -B -ntp -Dstyle.color=never verify | grep -vE "^\[INFO\] (Download|Copying|Including|Excluding|Replacing|Dependency-reduced|Building jar|--- |$$)"; test $${PIPESTATUS[0]} -eq 0
	@touch "$(LIB_STAMP)"

test: unit
	@echo "executing every notebook on a fresh kernel ..."
	@"$(ENV_PY)" tools/run_notebooks.py --out target/executed $(NOTEBOOKS)
	@$(MAKE) --no-print-directory outside-check
	@$(MAKE) --no-print-directory browser-check HTML_FROM=target/executed
	@$(MAKE) --no-print-directory grading-test
	@$(MAKE) --no-print-directory edition-test
	@$(MAKE) --no-print-directory slurm-test

# HTML exports of the notebooks, with the pinned plotly.js beside them (no network needed to view).
HTML_FROM ?= notebooks
html: env $(BROWSER_STAMP)
	@rm -rf target/html && mkdir -p target/html
	@"$(ENV_BIN)/jupyter" nbconvert --to html --log-level=WARN --output-dir target/html $(sort $(wildcard $(HTML_FROM)/[0-9]*.ipynb))
	@cp $(BROWSER_DIR)/node_modules/plotly.js-dist-min/plotly.min.js target/html/
	@echo "HTML exports in target/html/"

# Headless Chromium (Debian's package) driven by playwright-core; every non-local request is blocked.
browser: $(BROWSER_STAMP)

$(BROWSER_STAMP): $(BROWSER_DIR)/package.json $(BROWSER_DIR)/package-lock.json
	@command -v node >/dev/null || { echo "rnn-workbench: Node.js (node, npm) is needed for the browser checks" >&2; exit 1; }
	@test -x "$(CHROMIUM)" || tools/install_chromium.sh
	@cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch "$@"

browser-check: html
	@echo "checking the HTML exports in headless Chromium ..."
	@node $(BROWSER_DIR)/check.mjs exports target/html target/screenshots
	@$(MAKE) --no-print-directory lab-check

# Opens committed notebooks in a real JupyterLab (not trusted, not re-run) and checks the plots draw;
# then runs LAB_RUN_NOTEBOOK there with Run All Cells (progress line live, no stderr, plots draw).
# LAB_CHECK_TIMEOUT bounds each notebook's waits (seconds); they end as soon as their condition holds.
LAB_CHECK_NOTEBOOKS ?= 00_setup_check.ipynb 06_element_names.ipynb
LAB_RUN_NOTEBOOK ?= 06_element_names.ipynb
LAB_CHECK_TIMEOUT ?= 240
lab-check: env build $(BROWSER_STAMP)
	@"$(ENV_PY)" tools/lab_check.py --timeout $(LAB_CHECK_TIMEOUT) --run $(LAB_RUN_NOTEBOOK) $(LAB_CHECK_NOTEBOOKS)

notebooks: env build
	@"$(ENV_PY)" tools/run_notebooks.py --inplace $(NOTEBOOKS)

golden: env
	@"$(ENV_PY)" lib-src/reference/make_golden.py

data: env
	@"$(ENV_PY)" tools/make_movie_titles.py data/movie_titles.txt

clean:
	@rm -rf target

# --- Grading: the nbgrader course in grading/ (see grading/README.md) ---------------------------
# `make release` writes the student version to COURSE/release/; `make grade` autogrades every
# submission in COURSE/submitted/<student>/rnn_assignment/, writes the feedback HTML and
# COURSE/grades.csv. COURSE (default grading, the example course; a real course lives outside the
# repository: COURSE=/path/to/course), ASSIGNMENT, STUDENT (one student only),
# GRADING_CELL_TIMEOUT (seconds per cell) and the sandbox's limits per notebook can be set on the
# command line. nbgrader always runs with the workbench's configuration (grading/nbgrader_config.py;
# a nbgrader_config.py in the course folder is read after it).
# Every notebook runs in a bubblewrap sandbox (grading/sandbox.py); `make grade` refuses to grade
# without one unless UNSAFE_NO_SANDBOX=1. The kernel in the sandbox loads the jars of GRADING_LIB.
# Graded kernels run short cells: the C1 compiler alone and the serial collector start and compile
# faster (measured on two busy cores: 14 s -> 8 s per notebook).
COURSE ?= grading
COURSE_DIR = $(abspath $(COURSE))
ASSIGNMENT ?= rnn_assignment
# The library graded kernels load: the student edition (no graded implementation in it), built by
# `make build` from the same sources as target/notebook-lib/.
GRADING_LIB ?= target/student-lib
GRADING_CELL_TIMEOUT ?= 60
GRADING_NOTEBOOK_TIMEOUT ?= 600
GRADING_MEMORY ?= 3g
GRADING_PIDS ?= 512
UNSAFE_NO_SANDBOX ?=
# Without the Vector API module: with C1 alone its code is slower than scalar code (and the library
# then chooses the scalar kernels anyway).
GRADING_JVM_OPTS ?= $(JVM_BASE_OPTS) -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
GRADING_TEST_DIR := target/grading-test
EDITION_TEST_DIR := target/edition-test
NBGRADER = cd "$(CURDIR)/grading" && RNN_COURSE="$(COURSE_DIR)" RNN_WORKBENCH_LIB="$(abspath $(GRADING_LIB))" \
	JJAVA_JVM_OPTS="$(GRADING_JVM_OPTS)" GRADING_CELL_TIMEOUT=$(GRADING_CELL_TIMEOUT) \
	GRADING_NOTEBOOK_TIMEOUT=$(GRADING_NOTEBOOK_TIMEOUT) GRADING_MEMORY=$(GRADING_MEMORY) \
	GRADING_PIDS=$(GRADING_PIDS) UNSAFE_NO_SANDBOX="$(UNSAFE_NO_SANDBOX)" "$(ENV_BIN)/nbgrader"
# What `make grade` shows of nbgrader's log while it runs: each student and notebook, restarts,
# sandbox events, and notebooks missing or not graded.
AUTOGRADE_PROGRESS := s\#.*Creating/updating student with ID .(.*).: .*\#  \1\#p; \
	s\#.*Autograding .*/autograded/[^/]+/[^/]+/([^/]+\.ipynb)$$\#    \1\#p; \
	s\#.*No submitted file: .*/([^/]+)$$\#    \1: not submitted\#p; \
	s\#.*Skipping unknown notebook: .*/([^/]+)$$\#    \1: not graded (not a released name)\#p; \
	s\#.*\| (ERROR|WARNING)\] (Restarting the kernel.*|There was an error.*)\#      \2\#p; \
	s\#.*\| WARNING\] Sandbox: (.*)\#      sandbox: \1\#p; \
	s\#^Not grading .*/([^/]+), which is not a readable notebook.*\#    \1: not a readable notebook\#p

.PHONY: release grade grading-test edition-test sandbox sandbox-check

# The release also runs the source (trusted: the instructor's solutions, full library) to capture
# the expected values of every test into $(COURSE)/expected/ (grader-only), ships those of the
# visible tests beside the released notebooks, and writes the student edition (see grading/README.md).
release: env build
	@echo "releasing $(ASSIGNMENT): $(COURSE_DIR)/source/ -> $(COURSE_DIR)/release/ (solutions and hidden tests removed)"
	@$(NBGRADER) generate_assignment "$(ASSIGNMENT)" --force --log-level=WARN
	@RNN_WORKBENCH_LIB= JJAVA_JVM_OPTS="$(GRADING_JVM_OPTS)" "$(ENV_PY)" tools/edition.py capture "$(COURSE_DIR)" "$(ASSIGNMENT)" \
		--lib target/notebook-lib --student-lib "$(GRADING_LIB)"
	@"$(ENV_PY)" tools/edition.py build "$(COURSE_DIR)" "$(ASSIGNMENT)" --student-lib "$(GRADING_LIB)"
	@echo "student version in $(COURSE_DIR)/release/$(ASSIGNMENT)/; student edition in $(COURSE_DIR)/student-edition/"

# Debian's bubblewrap, installed with apt-get when missing (root or sudo).
sandbox:
	@command -v bwrap >/dev/null || tools/install_bubblewrap.sh || true

# Refuses (one line) unless a sandbox can be made here, or UNSAFE_NO_SANDBOX=1.
sandbox-check: env build sandbox
ifeq ($(UNSAFE_NO_SANDBOX),1)
	@echo "rnn-workbench: UNSAFE_NO_SANDBOX=1: student code runs with your rights, unconfined" >&2
else
	@why=$$("$(ENV_PY)" grading/sandbox.py check "$(abspath $(GRADING_LIB))") || { \
		echo "rnn-workbench: refusing to grade without a sandbox: $$why (UNSAFE_NO_SANDBOX=1 grades unconfined)" >&2; exit 1; }
endif

# A course without a gradebook (a fresh clone) is released first: the gradebook holds the tests.
grade: env build sandbox-check
	@test -d "$(COURSE_DIR)/source/$(ASSIGNMENT)" || { echo "rnn-workbench: COURSE=$(COURSE) has no source/$(ASSIGNMENT)/ folder" >&2; exit 1; }
	@test -f "$(COURSE_DIR)/gradebook.db" || $(MAKE) --no-print-directory release COURSE="$(COURSE_DIR)" ASSIGNMENT="$(ASSIGNMENT)"
	@echo "autograding $(COURSE_DIR)/submitted/*/$(ASSIGNMENT)/ ($(GRADING_CELL_TIMEOUT) s per cell, $(GRADING_NOTEBOOK_TIMEOUT) s per notebook; full log in $(COURSE_DIR)/autograde.log)"
	@start=$$(date +%s); \
	( $(NBGRADER) autograde "$(ASSIGNMENT)" --force $(if $(STUDENT),--student="$(STUDENT)") 2>&1 ) \
		| tee "$(COURSE_DIR)/autograde.log" | sed -nu -E '$(AUTOGRADE_PROGRESS)'; \
	status=$${PIPESTATUS[0]}; echo "autograde: $$(( $$(date +%s) - start )) s"; \
	test $$status -eq 0 || echo "rnn-workbench: nbgrader could not grade some submissions (see $(COURSE_DIR)/autograde.log); they are noted in grades.csv" >&2
	@$(NBGRADER) generate_feedback "$(ASSIGNMENT)" --force $(if $(STUDENT),--student="$(STUDENT)") --log-level=ERROR \
		|| echo "rnn-workbench: no feedback for some submissions (nothing was graded there)" >&2
	@$(MAKE) --no-print-directory similarity COURSE="$(COURSE_DIR)" ASSIGNMENT="$(ASSIGNMENT)" || echo "rnn-workbench: grades.csv gets no similarity notes (see above)" >&2
	@$(NBGRADER) export --assignment="$(ASSIGNMENT)" --log-level=WARN
	@echo "feedback in $(COURSE_DIR)/feedback/<student>/$(ASSIGNMENT)/*.html; grades in $(COURSE_DIR)/grades.csv:"
	@"$(ENV_PY)" tools/show_grades.py "$(COURSE_DIR)/grades.csv"

# The fixture submissions, rebuilt from the current source in a scratch course outside grading/
# (graded as a real course is, with the workbench's configuration) and graded end to end; the
# adversarial ones try to reach a listener on 127.0.0.1 that this target starts.
GRADING_TEST_LISTENER := target/grading-test-connections.log
grading-test: env build sandbox-check
	@rm -rf "$(GRADING_TEST_DIR)" "$(GRADING_TEST_LISTENER)" && mkdir -p "$(GRADING_TEST_DIR)"
	@cp -r grading/source "$(GRADING_TEST_DIR)/"
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory similarity-test && \
	{ "$(ENV_PY)" tools/test_grading_safety.py > "$(GRADING_TEST_DIR)/safety.log" || { cat "$(GRADING_TEST_DIR)/safety.log"; false; }; } && \
	tail -1 "$(GRADING_TEST_DIR)/safety.log" && \
	"$(ENV_PY)" tools/test_answers.py && \
	$(MAKE) --no-print-directory release COURSE="$(GRADING_TEST_DIR)" && \
	"$(ENV_PY)" tools/grading_fixtures.py build --adversarial "$(GRADING_TEST_DIR)" && \
	"$(ENV_PY)" tools/grading_fixtures.py compare "$(GRADING_TEST_DIR)/submitted" grading/submitted && \
	cp -r "$(GRADING_TEST_DIR)/submitted" "$(GRADING_TEST_DIR)/submitted.orig" && \
	{ "$(ENV_PY)" tools/grading_fixtures.py listen "$(GRADING_TEST_LISTENER)" & listener=$$!; \
	  for i in $$(seq 600); do test -f "$(GRADING_TEST_LISTENER)" && break; sleep 0.1; done; \
	  test -f "$(GRADING_TEST_LISTENER)" || { echo "grading-test: the listener on 127.0.0.1 did not start" >&2; kill $$listener; exit 1; }; \
	  $(MAKE) --no-print-directory grade COURSE="$(GRADING_TEST_DIR)" GRADING_CELL_TIMEOUT=20 GRADING_NOTEBOOK_TIMEOUT=120; \
	  status=$$?; kill $$listener; wait $$listener 2>/dev/null; test $$status -eq 0; } && \
	"$(ENV_PY)" tools/grading_fixtures.py check "$(GRADING_TEST_DIR)/grades.csv" && \
	"$(ENV_PY)" tools/grading_fixtures.py harmless "$(GRADING_TEST_DIR)" "$(GRADING_TEST_LISTENER)" && \
	echo "grading-test: $$(( $$(date +%s) - start )) s"

# The student edition, released from the current source in a scratch course, unpacked into an empty
# folder with a fresh environment from its pinned requirements; the model answers pasted in must
# print ✔ for every visible test (pip's cache is used; PyPI must be reachable the first time).
edition-test: env build
	@rm -rf "$(EDITION_TEST_DIR)" && mkdir -p "$(EDITION_TEST_DIR)"
	@cp -r grading/source "$(EDITION_TEST_DIR)/"
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory release COURSE="$(EDITION_TEST_DIR)" && \
	"$(ENV_PY)" tools/edition.py test "$(EDITION_TEST_DIR)/student-edition.zip" "$(EDITION_TEST_DIR)" "$(ASSIGNMENT)" && \
	echo "edition-test: $$(( $$(date +%s) - start )) s"

# --- Sweeps on a cluster (docs/sweeps.md) ----------------------------------------------------------
# `make slurm-test`: installs Debian's slurmctld, slurmd, slurm-client and munge when missing (root or
# sudo), starts a one-node cluster whose configuration and state live in a temporary folder, runs a
# sweep as a job array and checks it against a local run, cancels a task and completes the table with
# --only-failed, does the same after a simulated node crash, then stops the daemons it started.
# SLURM_TEST_PORT (default 6817, and the next port) and SLURM_TEST_DEADLINE (seconds per wait,
# default 300) can be set.
slurm-test: build
	@echo "running a sweep on a one-node Slurm cluster ..."
	@tools/slurm_test.sh target/rnn-workbench.jar data/element_list.txt

# --- Similarity report (tools/similarity.py, see grading/README.md) ----------------------------
# JPlag 4.3.0 and its Java frontend from Maven Central into target/jplag/lib/, the small driver
# grading/similarity/JplagReport.java compiled against them (Java 17+). `make grade` runs
# `similarity` after autograding; SIMILARITY_THRESHOLD is in percent, SIMILARITY_MIN_TOKENS is
# JPlag's minimum match length (the defaults and how they were chosen: tools/similarity.py).
SIMILARITY_THRESHOLD ?= 35
SIMILARITY_MIN_TOKENS ?= 15
JPLAG_DIR := target/jplag
JPLAG_STAMP := $(JPLAG_DIR)/.built
.PHONY: similarity similarity-deps similarity-test

similarity-deps: $(JPLAG_STAMP)

$(JPLAG_STAMP): grading/similarity/pom.xml grading/similarity/JplagReport.java | check-env
	@echo "fetching JPlag (Maven Central) into $(JPLAG_DIR)/lib ..."
	@rm -rf "$(JPLAG_DIR)" && mkdir -p "$(JPLAG_DIR)/classes"
	@$(MVN) -f grading/similarity/pom.xml dependency:copy-dependencies -DoutputDirectory="$(CURDIR)/$(JPLAG_DIR)/lib"
	@javac --release 17 -d "$(JPLAG_DIR)/classes" -cp "$(JPLAG_DIR)/lib/*" grading/similarity/JplagReport.java
	@touch "$@"

similarity: env $(JPLAG_STAMP)
	@"$(ENV_PY)" tools/similarity.py "$(COURSE_DIR)" --assignment "$(ASSIGNMENT)" --threshold "$(SIMILARITY_THRESHOLD)" --min-tokens "$(SIMILARITY_MIN_TOKENS)"

# Synthetic submissions (copies, a renamed and reordered copy, the library pasted, honest ones) through JPlag.
similarity-test: env $(JPLAG_STAMP)
	@"$(ENV_PY)" tools/test_similarity.py

# --- Benchmarks ------------------------------------------------------------------------------
# `make bench`: the NumPy reference against the Java trainers in one run (a benchmark, not a test:
# nothing is asserted); prints a table and writes target/bench/results.json. About 5 to 10 minutes.
# BENCH_ARGS passes options to lib-src/bench/bench.py (e.g. BENCH_ARGS="--reps 5").
# `make bench-jmh`: the JMH microbenchmarks (lib-src/bench/java), e.g. JMH_ARGS="KernelBenchmark -p nA=65".
BENCH_ARGS ?=
JMH_ARGS ?= -f 1 -jvmArgsAppend "--add-modules=jdk.incubator.vector -Drnnworkbench.vectorization=vector"
.PHONY: bench-jmh

# The JAX peer runs in a bench-only environment (not .venv): PyPI's jax[cpu], installed on first use.
BENCH_VENV := target/bench-venv
JAX_REQUIREMENT ?= jax[cpu]==0.10.2
bench: env $(BENCH_VENV)/.installed
	@echo "building the library and the benchmarks ..."
	@$(MVN) -P jmh -DskipTests package
	@$(MVN) -P jmh dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
	@"$(ENV_PY)" lib-src/bench/bench.py $(BENCH_ARGS)

$(BENCH_VENV)/.installed:
	@echo "installing JAX into $(BENCH_VENV) (benchmarks only) ..."
	@test -x "$(BENCH_VENV)/bin/python" || "$(ENV_PY)" -m venv "$(BENCH_VENV)"
	@"$(BENCH_VENV)/bin/python" -m pip install -q "$(JAX_REQUIREMENT)" && touch "$@" \
		|| echo "rnn-workbench: could not install $(JAX_REQUIREMENT); make bench leaves the JAX row out" >&2

bench-jmh:
	@$(MVN) -P jmh -DskipTests test-compile exec:exec@jmh -Djmh.args="$(JMH_ARGS)"

# `make cds`: a class-data-sharing archive (JDK 17 dynamic AppCDS) of the classes a short training run
# through bin/rnn-workbench loads; the launcher uses it while it is newer than the jar. It cuts about
# a tenth of a second from the JVM start (docs/performance.md).
CDS_ARCHIVE := target/rnn-workbench.jsa
.PHONY: cds
cds: build
	@rm -f "$(CDS_ARCHIVE)"
	@RNN_WORKBENCH_JVM_OPTS="-XX:ArchiveClassesAtExit=$(CDS_ARCHIVE) -Xlog:cds=off -Xlog:cds+dynamic=off" \
		bin/rnn-workbench train --quiet --data data/element_list.txt --iterations 4000 >/dev/null 2>&1 \
		|| { echo "rnn-workbench: could not write $(CDS_ARCHIVE)" >&2; exit 1; }
	@test -f "$(CDS_ARCHIVE)" || { echo "rnn-workbench: the JVM wrote no $(CDS_ARCHIVE)" >&2; exit 1; }
	@echo "wrote $(CDS_ARCHIVE) (bin/rnn-workbench uses it while it is newer than the jar)"
