package org.corenn.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A few seconds per model and thread count, all engines in this one JVM (created in
 * {@link Engines#ORDER}) taking turns; prints median and p99 µs and Corenn's median over the best
 * peer's per row. Then the server scenario ({@link ServerRow}): {@code --clients} request threads
 * sharing one model per engine, for the {@code --server-models}; prints median and p99 µs, the
 * throughput (calls/s) and Corenn's throughput over the best peer's. Every engine's output is checked
 * against PyTorch's first; engines that cannot run a case (the peers on ConvLSTM) sit it out.
 * libtorch's settings come from the environment: run with
 * {@code OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.corenn.benchmarks.Quick
 *      [--seconds 3] [--threads 1,2] [--models lstm-b1,...] [--engines corenn,corenn-onnx,onnxruntime,libtorch]
 *      [--server-models cnn28-b1,...|none] [--clients 4]
 *      [--json quick.json]    (JMH's -rf json layout, for results_to_md.py)
 * </pre>
 */
public final class Quick {
    private Quick() {
    }

    /** The batch-1 models of the server scenario. */
    public static final List<String> SERVER_MODELS = List.of("cnn28-b1", "lstm-b1", "gru-b1", "crnn-b1",
            "chargru-step");

    public static void main(String[] args) throws Exception {
        QuickOptions o = QuickOptions.parse(args);
        List<Engine> engines = Engines.createAvailable(o.engines());
        List<QuickResult> results = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-18s %3s  %-12s %10s %10s %8s  %s%n", "model", "thr", "engine", "median us",
                "p99 us", "GFLOP/s", "corenn/best peer");
        for (String name : o.models()) {
            BenchCase c = BenchCase.load(name);
            for (int threads : o.threads()) {
                List<QuickResult> row = QuickRow.measure(c, supporting(engines, c), threads, o.seconds());
                QuickResult.printRow(c, row);
                results.addAll(row);
            }
        }
        if (!o.serverModels().isEmpty()) {
            System.out.printf(Locale.ROOT, "%nserver: %d request threads sharing one model, 1 intra-op thread%n",
                    o.clients());
            System.out.printf(Locale.ROOT, "%-18s %3s  %-12s %10s %10s %8s  %s%n", "model", "cl", "engine",
                    "median us", "p99 us", "calls/s", "corenn/best peer (throughput)");
        }
        for (String name : o.serverModels()) {
            BenchCase c = BenchCase.load(name);
            List<QuickResult> row = ServerRow.measure(c, supporting(engines, c), o.clients(), o.seconds());
            QuickResult.printServerRow(row);
            results.addAll(row);
        }
        if (o.json() != null) {
            Files.writeString(o.json(), QuickResult.toJmhJson(results));
        }
    }

    private static List<Engine> supporting(List<Engine> engines, BenchCase c) {
        return engines.stream().filter(e -> e.supports(c)).toList();
    }

    /** The command line. */
    record QuickOptions(double seconds, int[] threads, List<String> models, List<String> engines,
            List<String> serverModels, int clients, Path json) {
        static QuickOptions parse(String[] args) throws IOException {
            double seconds = 3;
            int[] threads = {1, 2};
            List<String> models = BenchCase.NAMES;
            List<String> engines = Engines.ORDER;
            List<String> serverModels = SERVER_MODELS;
            int clients = 4;
            Path json = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--quick" -> {
                        continue;
                    }
                    case "--seconds" -> seconds = Double.parseDouble(required(args[i], value));
                    case "--threads" -> threads = Arrays.stream(required(args[i], value).split(","))
                            .mapToInt(Integer::parseInt).toArray();
                    case "--models" -> models = List.of(required(args[i], value).split(","));
                    case "--engines" -> engines = List.of(required(args[i], value).split(","));
                    case "--server-models" -> serverModels = required(args[i], value).equals("none") ? List.of()
                            : List.of(value.split(","));
                    case "--clients" -> clients = Integer.parseInt(required(args[i], value));
                    case "--json" -> json = Path.of(required(args[i], value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --seconds S --threads 1,2 --models a,b --engines e,f "
                            + "--server-models a,b|none --clients N --json FILE");
                }
                i++;
            }
            if (clients < 1) {
                throw new IllegalArgumentException("--clients must be >= 1, got " + clients);
            }
            return new QuickOptions(seconds, threads, models, engines, serverModels, clients, json);
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
