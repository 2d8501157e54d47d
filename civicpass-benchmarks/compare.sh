#!/usr/bin/env bash
# Before and after in one run: builds the benchmarks of another revision of the library in a
# scratch directory, then runs the same benchmarks on that revision's jar and on this tree's,
# before then after for each group, and prints one markdown report (kept in
# civicpass-benchmarks/target/compare/compare.md): each group's before/after table, then the
# standalone fake jars of both revisions launched in turn.
#
#   civicpass-benchmarks/compare.sh <revision>     # e.g. the last commit before a change
#
# Knobs (environment): FORKS (2), WARMUPS (8), ITERATIONS (4), LAUNCHES (7; 0 skips the
# launches), ONLY (a regular expression: run only the groups whose name matches it, e.g.
# 'client|async'), SKIP_BUILD=1 to reuse this tree's jars, MVN_ARGS for extra Maven arguments
# (e.g. -o). Only benchmarks whose name and parameters exist in both revisions are compared.
set -euo pipefail

cd "$(dirname "$0")/.."
REV=${1:?usage: civicpass-benchmarks/compare.sh <revision>}
MODULE=civicpass-benchmarks
OUT=$MODULE/target/compare
FORKS=${FORKS:-2}
WARMUPS=${WARMUPS:-8}
ITERATIONS=${ITERATIONS:-4}
LAUNCHES=${LAUNCHES:-7}

rm -rf "$OUT"
mkdir -p "$OUT/before-tree"
BEFORE_TREE=$(cd "$OUT/before-tree" && pwd)
git archive "$(git rev-parse --verify "$REV^{commit}")" | tar -x -C "$BEFORE_TREE"
# shellcheck disable=SC2086
(cd "$BEFORE_TREE" && mvn -B -pl $MODULE -am package -DskipTests ${MVN_ARGS:-}) >"$OUT/build-before.log" 2>&1 \
  || { echo "building $REV failed; see $OUT/build-before.log" >&2; tail -n 30 "$OUT/build-before.log" >&2; exit 1; }
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  mvn -B -pl $MODULE -am package -DskipTests ${MVN_ARGS:-} >"$OUT/build-after.log" 2>&1 \
    || { echo "building this tree failed; see $OUT/build-after.log" >&2; tail -n 30 "$OUT/build-after.log" >&2; exit 1; }
fi
BEFORE_JAR=$BEFORE_TREE/$MODULE/target/benchmarks.jar
AFTER_JAR=$MODULE/target/benchmarks.jar
COMMON=(-f "$FORKS" -wi "$WARMUPS" -w 1s -i "$ITERATIONS" -r 1s -foe true -prof gc)

# name | JMH selection and arguments
GROUPS_TO_RUN=(
  "client-1-thread|CallOverheadBenchmark\.client$ -t 1"
  "client-16-threads|CallOverheadBenchmark\.client$ -t 16"
  "async-64-in-flight|CallOverheadBenchmark\.async64Client$"
  "decode-20-events|DecodeBenchmark\.client$ -p events=20"
  "fake-server|FakeServerBenchmark -p server=fake,bare"
)
if [[ -n "${ONLY:-}" ]]; then
  SELECTED=()
  for group in "${GROUPS_TO_RUN[@]}"; do
    [[ ${group%%|*} =~ $ONLY ]] && SELECTED+=("$group")
  done
  [[ ${#SELECTED[@]} -gt 0 ]] || { echo "ONLY='$ONLY' matches no group" >&2; exit 2; }
  GROUPS_TO_RUN=("${SELECTED[@]}")
fi

STARTED=$(date -u +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for group in "${GROUPS_TO_RUN[@]}"; do
  name=${group%%|*}
  read -r -a args <<<"${group#*|}"
  for side in before after; do
    jar=$AFTER_JAR
    [[ $side == before ]] && jar=$BEFORE_JAR
    echo "== $name, $side: java -jar $jar ${args[*]}" >&2
    java -jar "$jar" "${args[@]}" "${COMMON[@]}" -rf json -rff "$OUT/$name-$side.json" >"$OUT/$name-$side.log" 2>&1 \
      || { echo "JMH run $name ($side) failed; see $OUT/$name-$side.log" >&2; tail -n 30 "$OUT/$name-$side.log" >&2; exit 1; }
  done
done

if [[ "$LAUNCHES" -gt 0 ]]; then
  FAKE_BEFORE=$(ls "$BEFORE_TREE"/civicpass-testkit/target/civicpass-testkit-*-standalone.jar | head -n 1)
  FAKE_AFTER=$(ls civicpass-testkit/target/civicpass-testkit-*-standalone.jar | head -n 1)
  java -cp "$AFTER_JAR" io.civicpass.benchmarks.LaunchTimer "$LAUNCHES" "$FAKE_AFTER" "$FAKE_BEFORE" after before \
    >"$OUT/launch.md" 2>"$OUT/launch.log" || echo "**failed**: $(tail -n 1 "$OUT/launch.log")" >>"$OUT/launch.md"
fi
FINISHED=$(date -u +%s)

{
  echo "## Before ($(git rev-parse --short "$REV")) and after ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!*/target/*' || echo ', with uncommitted changes')), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(free -g | awk '/^Mem:/ {print $2}') GiB;" \
    "load average (1, 5, 15 min) before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- JDK: $(java -version 2>&1 | head -n 2 | tr '\n' ' ')"
  echo "- JMH 1.37: $FORKS forks x $ITERATIONS iterations of 1s after $WARMUPS of 1s warm-up, -prof gc; errors are JMH's 99.9 % intervals; before then after for each group"
  echo "- Wall time: $(((FINISHED - STARTED) / 60)) min $(((FINISHED - STARTED) % 60)) s"
  for group in "${GROUPS_TO_RUN[@]}"; do
    name=${group%%|*}
    echo
    echo "### $name"
    echo
    java -cp "$AFTER_JAR" io.civicpass.benchmarks.BeforeAfterTable "$OUT/$name-before.json" "$OUT/$name-after.json"
  done
  if [[ "$LAUNCHES" -gt 0 ]]; then
    echo
    echo "### Standalone fake jar, launch to first response (whole JVMs, alternated)"
    echo
    cat "$OUT/launch.md"
  fi
} >"$OUT/compare.md"
cat "$OUT/compare.md"
