#!/usr/bin/env bash
# Runs every benchmark of civicpass-benchmarks (see BENCHMARKS.md) and prints one markdown report,
# kept in civicpass-benchmarks/target/results/results.md beside JMH's JSON results and logs.
#
#   civicpass-benchmarks/run.sh            # build, then the full run: 3-4 forks, about 30 minutes
#   QUICK=1 civicpass-benchmarks/run.sh    # 1 fork, 1 short iteration: checks that all of it runs
#
# Knobs (environment): FORKS (3), CALL_FORKS (4), CALL_ITERATIONS (3), WARMUPS (8), ITERATIONS (4), TIME (1s, each iteration's length),
# PASSES (100000, the memory run), LAUNCHES (5, standalone launches of each server),
# SKIP_BUILD=1 to reuse the jars already built, MVN_ARGS for extra Maven arguments (e.g. -o).
# Needs only a JDK 17+ and Maven; everything runs on 127.0.0.1.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODULE=civicpass-benchmarks
OUT=$MODULE/target/results
JAR=$MODULE/target/benchmarks.jar

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  mvn -B -pl $MODULE -am package -DskipTests ${MVN_ARGS:-}
fi

FORKS=${FORKS:-3}
# The call-overhead benchmarks vary most between forks (one fork runs at 6,000 calls/s, the next
# at 10,000, as the JIT and the scheduler place the client, the library and the fake): one more
# fork and one iteration fewer, the same 12 samples.
CALL_FORKS=${CALL_FORKS:-4}
CALL_ITERATIONS=${CALL_ITERATIONS:-3}
# Eight warm-up seconds: with the client, an HTTP library and the fake JIT-compiled on 2 cores,
# throughput still climbs for 6-8 s; three left the measurement on that slope (error bars of ±50 %).
WARMUPS=${WARMUPS:-8}
ITERATIONS=${ITERATIONS:-4}
TIME=${TIME:-1s}
PASSES=${PASSES:-100000}
LAUNCHES=${LAUNCHES:-5}
SHOTS_WARMUP=20
SHOTS=30
if [[ "${QUICK:-0}" == 1 ]]; then
  FORKS=1 CALL_FORKS=1 CALL_ITERATIONS=1 WARMUPS=1 ITERATIONS=1 TIME=1s PASSES=10000 LAUNCHES=1 SHOTS_WARMUP=2 SHOTS=3
fi

rm -rf "$OUT"
mkdir -p "$OUT"
FAKE_JAR=$(ls civicpass-testkit/target/civicpass-testkit-*-standalone.jar | head -n 1)
WIREMOCK_JAR=$MODULE/target/launch/wiremock-standalone.jar
COMMON=(-f "$FORKS" -wi "$WARMUPS" -w "$TIME" -i "$ITERATIONS" -r "$TIME" -foe true)
CALLS=(-f "$CALL_FORKS" -wi "$WARMUPS" -w "$TIME" -i "$CALL_ITERATIONS" -r "$TIME" -foe true)

jmh() { # name, then JMH arguments
  local name=$1
  shift
  echo "== $name: java -jar $JAR $*" >&2
  java -jar "$JAR" "$@" -rf json -rff "$OUT/$name.json" >"$OUT/$name.log" 2>&1 \
    || { echo "JMH run $name failed; see $OUT/$name.log" >&2; tail -n 30 "$OUT/$name.log" >&2; exit 1; }
}

STARTED=$(date -u +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# 1, 2, 5: one thread. Call overhead (blocking and 64 in flight; the blocking client is also the cached
# client of token reuse), the token-per-call baseline, decoding; allocation by -prof gc.
jmh single-thread 'CallOverheadBenchmark' "${CALLS[@]}" -t 1 -prof gc
jmh naive 'NaiveTokenPerCallBenchmark' "${COMMON[@]}" -t 1 -prof gc
jmh decode 'DecodeBenchmark' "${COMMON[@]}" -p events=20 -t 1 -prof gc
# 1: 16 threads, blocking faces only (the JDK client at one thread only).
jmh sixteen-threads 'CallOverheadBenchmark\.(client|rawFeign|rawRetrofit|rawOkHttp|rawVertx)$' "${CALLS[@]}" -t 16 -prof gc
# 3: the servers under 16 connections; the bare server again under 32, to show 16 saturate it.
jmh servers 'FakeServerBenchmark' "${COMMON[@]}"
jmh bare-32 'FakeServerBenchmark' "${COMMON[@]}" -t 32 -p server=bare
# 3: start to first answer in a warm JVM.
jmh start 'ServerStartBenchmark' -f "$FORKS" -wi "$SHOTS_WARMUP" -i "$SHOTS" -foe true

# 2: token requests counted in the fake's journal.
java -cp "$JAR" io.civicpass.benchmarks.TokenCounts >"$OUT/token-counts.md" 2>"$OUT/token-counts.log" \
  || echo "**failed**: $(tail -n 1 "$OUT/token-counts.log")" >>"$OUT/token-counts.md"

# 1: threads each transport starts under 64 concurrent callers (the Feign target's bounded thread count).
java -cp "$JAR" io.civicpass.benchmarks.ThreadCounts >"$OUT/thread-counts.md" 2>"$OUT/thread-counts.log" \
  || echo "**failed**: $(tail -n 1 "$OUT/thread-counts.log")" >>"$OUT/thread-counts.md"

# 3: standalone launch to first response, as whole processes.
java -cp "$JAR" io.civicpass.benchmarks.LaunchTimer "$LAUNCHES" "$FAKE_JAR" "$WIREMOCK_JAR" >"$OUT/launch.md" 2>"$OUT/launch.log" \
  || echo "**failed**: $(tail -n 1 "$OUT/launch.log")" >>"$OUT/launch.md"

# 4: 100,000 passes streamed under -Xmx64m on each transport, the fake seeded in another process.
java -cp "$JAR" io.civicpass.benchmarks.SeededFake "$PASSES" >"$OUT/seeded-fake.log" 2>&1 &
FAKE_PID=$!
trap 'kill "$FAKE_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  grep -q '^port=' "$OUT/seeded-fake.log" && break
  kill -0 "$FAKE_PID" 2>/dev/null || { echo "the seeded fake exited:" >&2; cat "$OUT/seeded-fake.log" >&2; exit 1; }
  sleep 0.5
done
PORT=$(sed -n 's/^port=//p' "$OUT/seeded-fake.log")
[[ -n "$PORT" ]] || { echo "the seeded fake did not start" >&2; exit 1; }
{
  echo "| transport | passes | seconds | ms per 1,000 passes (wall) | client CPU ms per 1,000 passes | peak heap used, sampled (MiB) | heap pools' peaks summed (MiB) | -Xmx (MiB) |"
  echo "|---|---|---|---|---|---|---|---|"
  for transport in feign retrofit vertx; do
    java -Xmx64m -Xlog:gc:file="$OUT/stream-$transport-gc.log" -cp "$JAR" io.civicpass.benchmarks.StreamPasses \
      "$transport" "$PORT" "$PASSES" 2>"$OUT/stream-$transport.log" \
      || echo "| $transport | **failed**: $(tail -n 1 "$OUT/stream-$transport.log") | | | | | | |"
  done
} >"$OUT/stream.md"
kill "$FAKE_PID" 2>/dev/null || true
wait "$FAKE_PID" 2>/dev/null || true
trap - EXIT

FINISHED=$(date -u +%s)
{
  echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(free -g | awk '/^Mem:/ {print $2}') GiB;" \
    "load average (1, 5, 15 min) before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- JDK: $(java -version 2>&1 | head -n 2 | tr '\n' ' ')"
  echo "- JMH 1.37: $FORKS forks x $ITERATIONS iterations of $TIME ($CALL_FORKS x $CALL_ITERATIONS for the call-overhead benchmarks) after $WARMUPS of $TIME warm-up; errors are JMH's 99.9 % intervals"
  echo "- Wall time: $(((FINISHED - STARTED) / 60)) min $(((FINISHED - STARTED) % 60)) s"
  echo
  java -cp "$JAR" io.civicpass.benchmarks.ResultsTable "$OUT"/single-thread.json "$OUT"/naive.json "$OUT"/decode.json "$OUT"/sixteen-threads.json \
    "$OUT"/servers.json "$OUT"/bare-32.json "$OUT"/start.json
  echo
  echo "### Token requests (counted in the fake's journal)"
  echo
  cat "$OUT/token-counts.md"
  echo
  echo "### Threads under 64 concurrent callers"
  echo
  cat "$OUT/thread-counts.md"
  echo
  echo "### Standalone launch to first response (whole JVMs, alternated)"
  echo
  cat "$OUT/launch.md"
  echo
  echo "### $PASSES passes streamed with auto-pagination under -Xmx64m (fake in another process)"
  echo
  cat "$OUT/stream.md"
} >"$OUT/results.md"
cat "$OUT/results.md"
echo >&2
echo "Report: $ROOT/$OUT/results.md" >&2
