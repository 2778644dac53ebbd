#!/usr/bin/env bash
# The one command behind RESULTS.md: builds with the peers (-Ppeers), makes the models that are missing,
# measures every model on every engine at 1 and 2 threads, then the server scenario (4 request threads
# sharing one model, 1 intra-op thread each) on the batch-1 models, measures attainable FLOP/s
# (PeakBenchmark), then writes benchmarks/RESULTS.md.
#   benchmarks/run.sh                 # quick mode: all engines in one JVM taking turns, SECONDS_PER_ROW per row
#   MODE=jmh benchmarks/run.sh        # JMH ModelBenchmark and ServerBenchmark, one JVM per engine and model
#   MODELS="lstm-b1 gru-b1" SERVER_MODELS=none THREADS=1 SECONDS_PER_ROW=1 SKIP_BUILD=1 benchmarks/run.sh
# Every engine runs with OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1 (libtorch needs both; on a
# loaded machine Corenn's and libtorch's OpenMP at 2 threads collapse without PASSIVE).
set -euo pipefail
cd "$(dirname "$0")/.."
ALL="lstm-b1 lstm-b32 gru-b1 gru-b32 bilstm2-b1 conv3x3-64-56 conv1x1-256-56 dwconv3x3-128-28 crnn-b1 cnn28-b1
  cnn28-b64 chargru-step conv3x3-64-56-b32 conv1x1-256-56-b32 conv3x3s2-3-32-224 conv1d-64-k3-1000 lstm-step-h1024
  gru-ds2-h800 convlstm-64-16"
ALL=$(echo $ALL)
ALL_SERVER="cnn28-b1 lstm-b1 gru-b1 crnn-b1 chargru-step"
MODELS=$(echo ${MODELS:-$ALL})
SERVER_MODELS=$(echo ${SERVER_MODELS:-$ALL_SERVER})
THREADS=${THREADS:-1,2}
CLIENTS=${CLIENTS:-4}
MODE=${MODE:-quick}
SECONDS_PER_ROW=${SECONDS_PER_ROW:-4}
JMH_OPTS=${JMH_OPTS:-"-wi 2 -w 1 -i 3 -r 1"}
JMH_ENGINES=${JMH_ENGINES:-"libtorch onnxruntime corenn"}
RESULTS=${RESULTS:-benchmarks/RESULTS.md}
OUT=benchmarks/target/results
JAR=benchmarks/target/benchmarks.jar
export OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1

missing=""
for model in $ALL; do
  [ -f "benchmarks/models/$model/weights.safetensors" ] || missing="$missing $model"
done
[ -z "$missing" ] || nice -n 10 /usr/bin/python3 benchmarks/tools/make_bench_models.py $missing
# meta.json from before the weight-stream and peers fields: rewrite the meta files only (seconds).
if grep -L '"peers"' benchmarks/models/*/meta.json | grep -q .; then
  nice -n 10 /usr/bin/python3 benchmarks/tools/make_bench_models.py --meta-only
fi
[ "${SKIP_BUILD:-}" = 1 ] || mvn -B -q -Ppeers package -DskipTests
rm -rf "$OUT" && mkdir -p "$OUT"
# The first libtorch load after JavaCPP extracts a new jar into ~/.javacpp/cache dies with SIGSEGV in
# pthread_mutex_lock (every time here); the extraction survives, so load once and ignore the outcome.
java -cp "$JAR" org.corenn.benchmarks.Quick --seconds 0.1 --threads 1 --models chargru-step --server-models none \
  >/dev/null 2>&1 || true

jmh() {  # jmh OUTPUT-NAME BENCHMARK JMH-ARGS...
  local name=$1; shift
  java -jar "$JAR" "$@" -f 1 $JMH_OPTS -rf json -rff "$OUT/$name.json"
}

runs() {  # runs ENGINE MODEL: whether the engine can run the model (the peers have no ConvLSTM: no model file)
  case $1 in
    onnxruntime|corenn-onnx) [ -f "benchmarks/models/$2/model.onnx" ] ;;
    libtorch) [ -f "benchmarks/models/$2/model.pt" ] ;;
    *) true ;;
  esac
}

if [ "$MODE" = jmh ]; then
  for model in $MODELS; do   # model by model, engines back to back: load from elsewhere hits them alike
    for engine in $JMH_ENGINES; do
      runs "$engine" "$model" || continue
      jmh "model-$model-$engine" ModelBenchmark -p engine="$engine" -p model="$model" -p threads="$THREADS"
    done
  done
  [ "$SERVER_MODELS" = none ] || for model in $SERVER_MODELS; do
    for engine in $JMH_ENGINES; do
      runs "$engine" "$model" || continue
      jmh "server-$model-$engine" ServerBenchmark -p engine="$engine" -p model="$model" -t "$CLIENTS"
    done
  done
  SETTINGS="MODE=jmh JMH_OPTS=\"$JMH_OPTS\""
else
  java -cp "$JAR" org.corenn.benchmarks.Quick --seconds "$SECONDS_PER_ROW" --threads "$THREADS" \
    --models "${MODELS// /,}" --server-models "${SERVER_MODELS// /,}" --clients "$CLIENTS" --json "$OUT/quick.json"
  SETTINGS="SECONDS_PER_ROW=$SECONDS_PER_ROW JMH_OPTS=\"$JMH_OPTS\""
fi
jmh peak PeakBenchmark -p threads="$THREADS"

COMMAND="$SETTINGS THREADS=$THREADS benchmarks/run.sh"
[ "$SERVER_MODELS" = "$ALL_SERVER" ] || COMMAND="SERVER_MODELS=\"$SERVER_MODELS\" $COMMAND"
[ "$MODELS" = "$ALL" ] || COMMAND="MODELS=\"$MODELS\" $COMMAND"
[ "$CLIENTS" = 4 ] || COMMAND="CLIENTS=$CLIENTS $COMMAND"
python3 benchmarks/tools/results_to_md.py --command "$COMMAND" "$OUT"/*.json > "$OUT/RESULTS.md"
cp "$OUT/RESULTS.md" "$RESULTS"
echo "wrote $RESULTS"
