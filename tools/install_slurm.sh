#!/usr/bin/env bash
# Installs Debian's Slurm (controller, node daemon, client commands) and MUNGE for the Slurm test
# (needs root or sudo). Does nothing when they are already there.
set -euo pipefail
missing=()
for tool in slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client munged:munge; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian's ${missing[*]} for the Slurm test ..."
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "rnn-workbench: the Slurm test needs ${missing[*]}: run 'apt-get install ${missing[*]}' as root" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet: fetch them only when a package has no candidate.
for p in "${missing[@]}"; do
  if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then $sudo apt-get update -qq; break; fi
done
# Debian's packages start their daemons through systemd where there is one; the test starts its own.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for tool in slurmctld slurmd sbatch munged; do
  command -v "$tool" >/dev/null || { echo "rnn-workbench: $tool is still missing after installing ${missing[*]}" >&2; exit 1; }
done
