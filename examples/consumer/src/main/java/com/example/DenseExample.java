package com.example;

import java.util.Arrays;

import org.corenn.ops.Activation;
import org.corenn.ops.DenseOp;
import org.corenn.runtime.Options;
import org.corenn.tensor.Tensor;

/** Runs one Dense layer from the installed artifacts and checks the answer; exits 1 if it is wrong. */
public final class DenseExample {
    public static void main(String[] args) {
        float[] weight = {1, 2, 3, -4, -5, -6}; // [out=2][in=3], like nn.Linear(3, 2).weight
        float[] bias = {0.5f, 1f};
        try (DenseOp dense = DenseOp.create(weight, bias, 3, 2, Activation.RELU, Options.defaults());
                Tensor x = Tensor.of(new float[] {1, 1, 1, -1, 0, -2}, 2, 3);
                Tensor y = dense.apply(x)) {
            float[] got = y.toArray();
            float[] want = {6.5f, 0f, 0f, 17f};
            System.out.println("dense " + dense + " on " + dense.kernel(2) + ": " + Arrays.toString(got));
            if (!Arrays.equals(got, want)) {
                System.err.println("wrong result, expected " + Arrays.toString(want));
                System.exit(1);
            }
        }
    }
}
