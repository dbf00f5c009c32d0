#!/usr/bin/env bash
# Fails the build with what to install when Node.js or npm is missing or too old for the VS Code extension
# (its locked packages need Node.js 18.17 or newer; Debian 12's `apt-get install nodejs npm` gives 18.19+).
set -euo pipefail
need="Node.js 18.17 or newer and npm"
how="install them (Debian/Ubuntu: apt-get install nodejs npm) or put them on the PATH; ./ptc alone needs neither (./mvnw -pl org.pt.cli -am install)"
if ! command -v node >/dev/null 2>&1; then
  echo "editors/vscode: no 'node' on the PATH: building the VS Code extension needs $need; $how" >&2
  exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "editors/vscode: no 'npm' on the PATH ($(node --version) is there): building the VS Code extension needs $need; $how" >&2
  exit 1
fi
version=$(node --version)
IFS=. read -r major minor _ <<<"${version#v}"
if [ "$major" -lt 18 ] || { [ "$major" -eq 18 ] && [ "$minor" -lt 17 ]; }; then
  echo "editors/vscode: node $version is too old: building the VS Code extension needs $need; $how" >&2
  exit 1
fi
echo "editors/vscode: node $version, npm $(npm --version)"
