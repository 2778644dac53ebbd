package org.corenn.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.corenn.ops.Activation;
import org.corenn.ops.ActivationOp;
import org.corenn.ops.DenseOp;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;
import org.corenn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the safe ops: {@link DenseOp} and {@link ActivationOp} built and run with random
 * and hostile arguments (zero, negative and huge sizes, mismatched shapes, NaN/Inf data, closed and
 * aliased tensors, nulls). Every case either computes what the plain-Java reference computes or is
 * rejected with a documented exception ({@link FuzzCase}). Both outcomes must occur.
 *
 * <p>{@code -Dcorenn.fuzz.cases=100000} runs the long form, {@code -Dcorenn.fuzz.seed=N} another seed.
 */
class OpsFuzzTest {
    static final long SEED = Long.getLong("corenn.fuzz.seed", 0x0C0FFEE);
    static final int CASES = Integer.getInteger("corenn.fuzz.cases", 3000);

    private static final Activation[] ACTIVATIONS = {Activation.IDENTITY, Activation.RELU, Activation.SIGMOID,
        Activation.TANH, Activation.RELU6, Activation.HARDSWISH, Activation.leakyRelu(0.01f),
        Activation.leakyRelu(0f), Activation.clip(-0.5f, 0.25f), Activation.clip(0f, 0f)};

    @Test
    void denseOp_randomAndHostileArguments_computeOrThrowDocumentedExceptions() {
        Random random = new Random(SEED);
        int computed = 0;
        for (int n = 0; n < CASES; n++) {
            long caseSeed = random.nextLong();
            computed += FuzzCase.run("dense case " + n + " (case seed " + caseSeed + ")",
                    () -> denseCase(new HostileValues(new Random(caseSeed)))) ? 1 : 0;
        }
        assertTrue(computed > CASES / 10 && computed < CASES, computed + " of " + CASES + " dense cases computed");
    }

    @Test
    void activationOp_randomAndHostileArguments_computeOrThrowDocumentedExceptions() {
        Random random = new Random(SEED + 1);
        int computed = 0;
        for (int n = 0; n < CASES; n++) {
            long caseSeed = random.nextLong();
            computed += FuzzCase.run("activation case " + n + " (case seed " + caseSeed + ")",
                    () -> activationCase(new HostileValues(new Random(caseSeed)))) ? 1 : 0;
        }
        assertTrue(computed > CASES / 10 && computed < CASES,
                computed + " of " + CASES + " activation cases computed");
    }

    private static Options options(HostileValues v) {
        return Options.defaults().withThreads(v.chance(0.1) ? v.size(8, 0.5) : 1 + v.random().nextInt(3));
    }

    private static Activation activation(HostileValues v) {
        if (v.chance(0.02)) {
            return null;
        }
        if (v.chance(0.03)) {
            return Activation.leakyRelu(v.floats(1, 0.8)[0]);
        }
        if (v.chance(0.03)) {
            float[] bounds = v.floats(2, 0.5);
            return Activation.clip(bounds[0], bounds[1]);
        }
        return ACTIVATIONS[v.random().nextInt(ACTIVATIONS.length)];
    }

    private static void denseCase(HostileValues v) {
        int in = v.size(40, 0.05);
        int out = v.size(20, 0.05);
        long declared = (long) Math.max(in, 0) * Math.max(out, 0);
        int weightLength = v.chance(0.05) || declared > 4096 ? v.random().nextInt(64) : (int) declared;
        float[] weight = v.chance(0.02) ? null : v.floats(weightLength, 0.02);
        int biasLength = v.chance(0.05) || out > 4096 ? v.random().nextInt(30) : Math.max(out, 0);
        float[] bias = v.chance(0.2) ? null : v.floats(biasLength, 0.02);
        Activation activation = activation(v);
        Options options = v.chance(0.01) ? null : options(v);
        try (DenseOp op = DenseOp.create(weight, bias, in, out, activation, options)) {
            int runs = 1 + v.random().nextInt(3);
            for (int r = 0; r < runs; r++) {
                denseRun(v, op, weight, bias);
            }
            if (v.chance(0.1)) {
                op.close();
                denseRun(v, op, weight, bias);
            }
        }
    }

    private static void denseRun(HostileValues v, DenseOp op, float[] weight, float[] bias) {
        int in = op.inFeatures();
        int out = op.outFeatures();
        int batch = v.chance(0.05) ? 0 : 1 + v.random().nextInt(6);
        int xIn = v.chance(0.05) ? in + 1 : in;
        float[] x = v.floats(batch * xIn, 0.05);
        try (Tensor xt = v.chance(0.03) ? Tensor.of(x, batch, 1, xIn) : Tensor.of(x, batch, xIn);
                Tensor yt = Tensor.zeros(v.chance(0.05) ? Shape.of(batch, out + 1) : Shape.of(batch, out))) {
            if (v.chance(0.03)) {
                xt.close();
            }
            if (v.chance(0.03)) {
                yt.close();
            }
            if (v.chance(0.03)) {
                op.run(xt, v.chance(0.5) ? xt : null);
            }
            if (v.chance(0.5)) {
                op.run(xt, yt);
                ReferenceOps.assertDense(x, weight, bias, batch, in, out, op.activation(), yt.toArray());
            } else {
                try (Tensor y = op.apply(xt)) {
                    ReferenceOps.assertDense(x, weight, bias, batch, in, out, op.activation(), y.toArray());
                }
            }
        }
    }

    private static void activationCase(HostileValues v) {
        Activation activation = activation(v);
        ActivationOp op = ActivationOp.create(activation, v.chance(0.01) ? null : options(v));
        int rank = v.random().nextInt(5);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            // Hostile dims are negative or zero: a merely huge tensor would only test the allocator.
            dims[i] = v.chance(0.03) ? -v.random().nextInt(3) : 1 + v.random().nextInt(i == rank - 1 ? 70 : 5);
        }
        Shape shape = Shape.of(dims);
        float[] x = v.floats(shape.size(), 0.1);
        try (Tensor xt = Tensor.of(x, shape)) {
            int mode = v.random().nextInt(10);
            if (mode == 0) {
                xt.close();
            }
            if (mode == 1) {
                op.run(xt, null);
            }
            if (mode == 2) {
                try (Tensor wrong = Tensor.zeros(shape.size() + 1)) {
                    op.run(xt, wrong);
                }
            }
            if (mode == 3) {
                op.run(xt, xt);
                assertActivation(activation, x, xt.toArray());
            } else if (mode < 6) {
                try (Tensor yt = Tensor.zeros(shape)) {
                    op.run(xt, yt);
                    assertActivation(activation, x, yt.toArray());
                    assertArrayEquals(x, xt.toArray(), "x was modified");
                }
            } else {
                try (Tensor y = op.apply(xt)) {
                    assertActivation(activation, x, y.toArray());
                }
            }
        }
    }

    private static void assertActivation(Activation activation, float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            ReferenceOps.assertActivated(activation, x[i], Math.abs(x[i]), y[i], "y[" + i + "] for x = " + x[i]);
        }
    }
}
