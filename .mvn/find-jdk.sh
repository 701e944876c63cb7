# shellcheck shell=sh
# Sourced by ./mvnw and ./edgeai: exports JAVA_HOME pointing at a JDK whose feature version is
# at least 25. Order: $JAVA_HOME if it is one, then the usual install locations (Debian/Ubuntu
# /usr/lib/jvm, /usr/java, /opt, SDKMAN, IntelliJ ~/.jdks, macOS), then `java` on PATH.
# The lowest qualifying version wins (25 is what the build targets). POSIX sh, safe under set -euf.

EDGEAI_REQUIRED_JDK=25

# Prints the feature version (e.g. 25) of the JDK at $1, or fails if $1 is not a JDK.
edgeai_jdk_feature() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  _v=""
  if [ -r "$1/release" ]; then
    _v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release")
  fi
  if [ -z "$_v" ]; then
    _v=$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\).*/\1/p')
  fi
  [ -n "$_v" ] || return 1
  printf '%s\n' "$_v"
}

edgeai_find_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    _v=$(edgeai_jdk_feature "$JAVA_HOME") || _v=0
    if [ "$_v" -ge "$EDGEAI_REQUIRED_JDK" ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  _restore_noglob=""
  case $- in *f*) _restore_noglob=1; set +f ;; esac
  _best=""
  _bestv=9999
  for _c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* \
      "${HOME-/nonexistent}"/.sdkman/candidates/java/* "${HOME-/nonexistent}"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$_c" ] || continue
    _v=$(edgeai_jdk_feature "$_c") || continue
    if [ "$_v" -ge "$EDGEAI_REQUIRED_JDK" ] && [ "$_v" -lt "$_bestv" ]; then
      _best=$_c
      _bestv=$_v
    fi
  done
  [ -z "$_restore_noglob" ] || set -f
  if [ -z "$_best" ] && command -v javac >/dev/null 2>&1; then
    _c=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    _v=$(edgeai_jdk_feature "$_c") || _v=0
    [ "$_v" -lt "$EDGEAI_REQUIRED_JDK" ] || _best=$_c
  fi
  if [ -z "$_best" ]; then
    echo "edgeai: no JDK $EDGEAI_REQUIRED_JDK or newer found." >&2
    echo "  Looked at JAVA_HOME (${JAVA_HOME-unset}), /usr/lib/jvm, /usr/java, /opt, ~/.sdkman, ~/.jdks and PATH." >&2
    echo "  Install Temurin 25 (e.g. apt install temurin-25-jdk) or set JAVA_HOME to a JDK 25." >&2
    return 1
  fi
  JAVA_HOME=$_best
  export JAVA_HOME
}
