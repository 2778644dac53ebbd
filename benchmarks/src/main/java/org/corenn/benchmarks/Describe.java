package org.corenn.benchmarks;

/**
 * Prints how Corenn runs each benchmark model (layers, chosen kernels, MFLOP per layer), the
 * per-layer view behind the results table:
 * {@code java -cp benchmarks/target/benchmarks.jar org.corenn.benchmarks.Describe [model...]}.
 */
public final class Describe {
    private Describe() {
    }

    public static void main(String[] args) throws Exception {
        CorennEngine engine = new CorennEngine();
        for (String name : args.length > 0 ? java.util.List.of(args) : BenchCase.NAMES) {
            try (LoadedModel model = engine.load(BenchCase.load(name), 1)) {
                System.out.println("== " + name);
                System.out.println(((CorennModels) model).describe());
            }
        }
    }
}
