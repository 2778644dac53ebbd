#!/usr/bin/env bash
# The one command behind RESULTS.md: builds with the peers, makes the models if missing, runs
# ModelBenchmark for every model on each engine in its own JVM (model by model, engines back to back,
# so load from elsewhere hits them alike), PeakBenchmark, then writes benchmarks/RESULTS.md.
#   benchmarks/run.sh                       # JMH: 2 warmup + 5 measured 1 s iterations per row
#   JMH_OPTS="-wi 1 -i 3" benchmarks/run.sh # shorter
#   MODELS="lstm-b1 gru-b1" THREADS=1 benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MODELS=${MODELS:-"lstm-b1 lstm-b32 gru-b1 gru-b32 bilstm2-b1 conv3x3-64-56 conv1x1-256-56 dwconv3x3-128-28 crnn-b1 cnn28-b1 cnn28-b64 chargru-step"}
THREADS=${THREADS:-1,2}
JMH_OPTS=${JMH_OPTS:-"-wi 2 -w 1 -i 5 -r 1"}
OUT=benchmarks/target/results
JAR=benchmarks/target/benchmarks.jar

[ -f benchmarks/models/chargru-step/meta.json ] || /usr/bin/python3 benchmarks/tools/make_bench_models.py
[ "${SKIP_BUILD:-}" = 1 ] || mvn -B -q -Ppeers package -DskipTests
rm -rf "$OUT" && mkdir -p "$OUT"

jmh() {  # jmh NAME [ENV=VALUE...] -- JMH ARGS...
  local name=$1; shift
  local env=()
  while [ "$1" != "--" ]; do env+=("$1"); shift; done
  shift
  env "${env[@]}" java -jar "$JAR" "$@" -f 1 $JMH_OPTS -p threads="$THREADS" -rf json -rff "$OUT/$name.json"
}

for model in $MODELS; do
  jmh "$model-libtorch" OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1 -- ModelBenchmark -p engine=libtorch -p model="$model"
  jmh "$model-onnxruntime" -- ModelBenchmark -p engine=onnxruntime -p model="$model"
  jmh "$model-corenn" -- ModelBenchmark -p engine=corenn -p model="$model"
done
jmh peak -- PeakBenchmark

ALL=12
COMMAND="JMH_OPTS=\"$JMH_OPTS\" THREADS=$THREADS benchmarks/run.sh"
[ "$(echo $MODELS | wc -w)" = "$ALL" ] || COMMAND="MODELS=\"$MODELS\" $COMMAND"
python3 benchmarks/tools/results_to_md.py --command "$COMMAND" "$OUT"/*.json > benchmarks/RESULTS.md
echo "wrote benchmarks/RESULTS.md"
