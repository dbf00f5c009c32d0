# shellcheck shell=sh
# Source this file (". scripts/java-home.sh"): it makes JAVA_HOME point at a JDK 21 or newer.
#
# Building PT needs JDK 21+: the Eclipse and Xtext parts are Java 21 class files (the engine
# itself is compiled with --release 17). Order of preference:
#   1. $JAVA_HOME, if it is a JDK (bin/java and bin/javac) of version 21 or newer;
#   2. the JDK of `java` on PATH, if it is 21 or newer;
#   3. the newest JDK 21+ under /usr/lib/jvm/*, /opt/*jdk*, ~/.sdkman/candidates/java/*
#      (and /usr/libexec/java_home on macOS).
# On success: exports JAVA_HOME, puts $JAVA_HOME/bin first on PATH, prints
# "PT: using JDK <version> at <path>" to stderr (silenced by PT_QUIET=1) and returns 0.
# Otherwise prints what it found to stderr and returns 1.

# Prints the version of the JDK at home $1 ("21.0.5", "25", "1.8.0_392"); fails if $1 is not a JDK.
_pt_jdk_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  _pt_v=
  if [ -r "$1/release" ]; then
    _pt_v=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$1/release")
  fi
  if [ -z "$_pt_v" ]; then
    _pt_v=$("$1/bin/java" -version 2>&1 | sed -n '1s/^[^"]*"\([^"]*\)".*/\1/p')
  fi
  [ -n "$_pt_v" ] || return 1
  printf '%s\n' "$_pt_v"
}

# Prints the feature release of a version string: 1.8.0_392 -> 8, 21.0.5 -> 21, 25-ea -> 25.
_pt_major() {
  case "$1" in
    1.*) _pt_m=${1#1.} ;;
    *) _pt_m=$1 ;;
  esac
  _pt_m=${_pt_m%%[!0-9]*}
  printf '%s\n' "${_pt_m:-0}"
}

# Succeeds if home $1 is a JDK 21+; sets _pt_found_version.
_pt_ok() {
  _pt_found_version=$(_pt_jdk_version "$1") || return 1
  [ "$(_pt_major "$_pt_found_version")" -ge 21 ]
}

# Prints the JDK home of `java` on PATH (following symlinks such as /etc/alternatives).
_pt_path_java_home() {
  _pt_j=$(command -v java 2>/dev/null) || return 1
  _pt_j=$(readlink -f "$_pt_j" 2>/dev/null || printf '%s\n' "$_pt_j")
  printf '%s\n' "${_pt_j%/bin/java}"
}

_pt_select_jdk() {
  _pt_home=
  _pt_note=
  if [ -n "${JAVA_HOME:-}" ] && _pt_ok "$JAVA_HOME"; then
    _pt_home=$JAVA_HOME
  else
    if [ -n "${JAVA_HOME:-}" ]; then
      _pt_note=" (ignoring JAVA_HOME=$JAVA_HOME: ${_pt_found_version:+JDK }${_pt_found_version:-not a JDK})"
    fi
    if _pt_home=$(_pt_path_java_home) && _pt_ok "$_pt_home"; then
      :
    else
      _pt_home=
      _pt_best_major=0
      _pt_best_version=
      # Highest feature release wins; among equal ones, the first found.
      for _pt_c in /usr/lib/jvm/* /opt/*jdk* "${HOME:-/nonexistent}"/.sdkman/candidates/java/* \
          $( [ -x /usr/libexec/java_home ] && /usr/libexec/java_home -v 21+ 2>/dev/null ); do
        # Resolve aliases (java-1.17.0-openjdk-amd64, sdkman's "current") to the real directory.
        _pt_c=$(cd -P "$_pt_c" 2>/dev/null && pwd) || continue
        _pt_ok "$_pt_c" || continue
        _pt_m=$(_pt_major "$_pt_found_version")
        if [ "$_pt_m" -gt "$_pt_best_major" ]; then
          _pt_home=$_pt_c _pt_best_major=$_pt_m _pt_best_version=$_pt_found_version
        fi
      done
      _pt_found_version=$_pt_best_version
    fi
  fi

  if [ -z "$_pt_home" ]; then
    if _pt_pj=$(_pt_path_java_home) && _pt_pv=$("$_pt_pj/bin/java" -version 2>&1 | sed -n '1s/^[^"]*"\([^"]*\)".*/\1/p') && [ -n "$_pt_pv" ]; then
      _pt_pv="java on PATH is $_pt_pv"
    else
      _pt_pv="no java on PATH"
    fi
    echo "PT needs JDK 21 or newer to build (Eclipse and Xtext parts are Java 21 class files)." \
      "None found: JAVA_HOME=${JAVA_HOME:-<unset>}, $_pt_pv, no JDK 21+ in /usr/lib/jvm, /opt/*jdk*, ~/.sdkman/candidates/java." \
      "Install one (e.g. apt-get install openjdk-21-jdk on Debian 13 or Ubuntu 22.04+, or Temurin 21+; Debian 12 has no JDK 21 package)" \
      "and set JAVA_HOME." >&2
    return 1
  fi

  JAVA_HOME=$_pt_home
  export JAVA_HOME
  case ":$PATH:" in
    ":$JAVA_HOME/bin:"*) ;;
    *) PATH="$JAVA_HOME/bin:$PATH"; export PATH ;;
  esac
  [ "${PT_QUIET:-0}" = 1 ] || echo "PT: using JDK $_pt_found_version at $JAVA_HOME$_pt_note" >&2
  return 0
}

_pt_status=0
_pt_select_jdk || _pt_status=$?
unset -f _pt_jdk_version _pt_major _pt_ok _pt_path_java_home _pt_select_jdk
unset _pt_v _pt_m _pt_j _pt_c _pt_home _pt_best_major _pt_best_version _pt_found_version _pt_pj _pt_pv _pt_note
# `return` works when sourced; `exit` covers someone running the file directly.
eval "unset _pt_status; return $_pt_status 2>/dev/null || exit $_pt_status"
