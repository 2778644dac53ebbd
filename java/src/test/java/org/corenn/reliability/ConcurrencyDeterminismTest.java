package org.corenn.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Results do not depend on who computes them: eight threads sharing one {@link Model}, each with its
 * own {@link Predictor}, get exactly what one thread gets, and every OpenMP thread count from 1 to 4
 * gives the same bits.
 */
class ConcurrencyDeterminismTest {
    private static final int INPUTS = 6;

    @Test
    void cnn_eightThreadsSharingOneModel_bitIdenticalToOneThread() throws Exception {
        sharedModelMatchesOneThread(SmallModels::cnn, seed -> SmallModels.cnnInput(1 + (int) (seed % 3), seed));
    }

    @Test
    void lstm_eightThreadsSharingOneModel_bitIdenticalToOneThread() throws Exception {
        sharedModelMatchesOneThread(SmallModels::lstm, seed -> SmallModels.lstmInput(5, 1 + (int) (seed % 3), seed));
    }

    @Test
    void cnn_threadCountsOneToFour_bitIdentical() {
        threadCountsAgree(SmallModels::cnn, seed -> SmallModels.cnnInput(4, seed));
    }

    @Test
    void lstm_threadCountsOneToFour_bitIdentical() {
        threadCountsAgree(SmallModels::lstm, seed -> SmallModels.lstmInput(7, 16, seed));
    }

    private static void sharedModelMatchesOneThread(Function<Options, Model> compile, Function<Long, Tensor> input)
            throws Exception {
        try (Model model = compile.apply(Options.defaults().withThreads(1))) {
            List<float[]> expected = predictAll(model, input);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<float[]>>> results = new ArrayList<>();
                for (int thread = 0; thread < 8; thread++) {
                    results.add(pool.submit(() -> {
                        List<float[]> last = null;
                        for (int round = 0; round < 20; round++) {
                            last = predictAll(model, input);
                        }
                        return last;
                    }));
                }
                for (Future<List<float[]>> f : results) {
                    assertSame(expected, f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static void threadCountsAgree(Function<Options, Model> compile, Function<Long, Tensor> input) {
        List<float[]> expected = null;
        for (int threads = 1; threads <= 4; threads++) {
            try (Model model = compile.apply(Options.defaults().withThreads(threads))) {
                List<float[]> got = predictAll(model, input);
                if (expected == null) {
                    expected = got;
                }
                assertSame(expected, got);
            }
        }
    }

    private static List<float[]> predictAll(Model model, Function<Long, Tensor> input) {
        List<float[]> out = new ArrayList<>();
        try (Predictor p = model.newPredictor()) {
            for (long seed = 0; seed < INPUTS; seed++) {
                try (Tensor x = input.apply(seed)) {
                    out.add(p.predict(x).get(0).toArray());
                }
            }
        }
        return out;
    }

    private static void assertSame(List<float[]> expected, List<float[]> got) {
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), got.get(i), "input " + i);
        }
    }
}
