#!/usr/bin/env bash
# The one command behind RESULTS.md: builds with the peers (-Ppeers), makes the models if missing,
# measures every model on every engine at 1 and 2 threads, measures attainable FLOP/s
# (PeakBenchmark), then writes benchmarks/RESULTS.md.
#   benchmarks/run.sh                 # quick mode: all engines in one JVM taking turns, SECONDS per row
#   MODE=jmh benchmarks/run.sh        # JMH ModelBenchmark, one JVM per engine and model (JMH_OPTS)
#   MODELS="lstm-b1 gru-b1" THREADS=1 SECONDS_PER_ROW=5 SKIP_BUILD=1 benchmarks/run.sh
# Every engine runs with OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1 (libtorch needs both; on a
# loaded machine Corenn's and libtorch's OpenMP at 2 threads collapse without PASSIVE).
set -euo pipefail
cd "$(dirname "$0")/.."
ALL="lstm-b1 lstm-b32 gru-b1 gru-b32 bilstm2-b1 conv3x3-64-56 conv1x1-256-56 dwconv3x3-128-28 crnn-b1 cnn28-b1 cnn28-b64 chargru-step"
MODELS=${MODELS:-$ALL}
THREADS=${THREADS:-1,2}
MODE=${MODE:-quick}
SECONDS_PER_ROW=${SECONDS_PER_ROW:-4}
JMH_OPTS=${JMH_OPTS:-"-wi 2 -w 1 -i 5 -r 1"}
OUT=benchmarks/target/results
JAR=benchmarks/target/benchmarks.jar
export OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1

[ -f benchmarks/models/chargru-step/meta.json ] || /usr/bin/python3 benchmarks/tools/make_bench_models.py
[ "${SKIP_BUILD:-}" = 1 ] || mvn -B -q -Ppeers package -DskipTests
rm -rf "$OUT" && mkdir -p "$OUT"
# The first libtorch load after JavaCPP extracts a new jar into ~/.javacpp/cache dies with SIGSEGV in
# pthread_mutex_lock (every time here); the extraction survives, so load once and ignore the outcome.
java -cp "$JAR" org.corenn.benchmarks.Quick --seconds 0.1 --threads 1 --models chargru-step >/dev/null 2>&1 || true

jmh() {  # jmh OUTPUT-NAME JMH-ARGS...
  local name=$1; shift
  java -jar "$JAR" "$@" -f 1 $JMH_OPTS -p threads="$THREADS" -rf json -rff "$OUT/$name.json"
}

if [ "$MODE" = jmh ]; then
  for model in $MODELS; do   # model by model, engines back to back: load from elsewhere hits them alike
    for engine in libtorch onnxruntime corenn; do
      jmh "$model-$engine" ModelBenchmark -p engine=$engine -p model="$model"
    done
  done
  SETTINGS="MODE=jmh JMH_OPTS=\"$JMH_OPTS\""
else
  java -cp "$JAR" org.corenn.benchmarks.Quick --seconds "$SECONDS_PER_ROW" --threads "$THREADS" \
    --models "${MODELS// /,}" --json "$OUT/quick.json"
  SETTINGS="SECONDS_PER_ROW=$SECONDS_PER_ROW JMH_OPTS=\"$JMH_OPTS\""
fi
jmh peak PeakBenchmark

COMMAND="$SETTINGS THREADS=$THREADS benchmarks/run.sh"
[ "$MODELS" = "$ALL" ] || COMMAND="MODELS=\"$MODELS\" $COMMAND"
python3 benchmarks/tools/results_to_md.py --command "$COMMAND" "$OUT"/*.json > benchmarks/RESULTS.md
echo "wrote benchmarks/RESULTS.md"
