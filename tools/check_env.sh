#!/usr/bin/env bash
# Checks the tools RNN Workbench needs and says clearly what is missing.
# Usage: tools/check_env.sh PYTHON   (exit 0 when everything is in place)
set -u
py=${1:-python3}
fail=0
say() { printf 'rnn-workbench: %s\n' "$*" >&2; }

if ! command -v java >/dev/null 2>&1; then
  say "no 'java' on PATH. Install a JDK 17 or newer (e.g. 'apt-get install openjdk-17-jdk', or 'conda env create -f environment.yml') or set JAVA_HOME to one."
  fail=1
else
  v=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  major=${v%%.*}
  if [ -z "$major" ] || [ "$major" -lt 17 ] 2>/dev/null; then
    say "Java $v found at $(command -v java), but the workbench needs Java 17 or newer. Put a JDK 17+ first on PATH or set JAVA_HOME."
    fail=1
  elif ! java --list-modules 2>/dev/null | grep -q '^jdk.jshell@'; then
    say "$(command -v java) is a JRE without the jdk.jshell module, which the Java kernel needs. Install a full JDK 17+ (not a JRE)."
    fail=1
  elif ! command -v javac >/dev/null 2>&1; then
    say "no 'javac' beside $(command -v java): install a full JDK 17+ (not a JRE)."
    fail=1
  fi
fi

if ! command -v mvn >/dev/null 2>&1; then
  say "Maven ('mvn') is not on PATH. Install it (e.g. 'apt-get install maven', or use environment.yml)."
  fail=1
fi

if ! command -v "$py" >/dev/null 2>&1; then
  say "no Python interpreter '$py' found. Install Python 3.9 or newer, or set PYTHON=/path/to/python3."
  fail=1
elif ! "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
  say "$("$py" --version 2>&1) found at $(command -v "$py"), but the workbench needs Python 3.9 or newer. Set PYTHON=/path/to/python3.9+."
  fail=1
elif ! "$py" -c 'import venv, ensurepip' 2>/dev/null; then
  say "$py cannot create virtual environments (the venv/ensurepip modules are missing; on Debian: apt-get install python3-venv)."
  fail=1
fi
exit $fail
