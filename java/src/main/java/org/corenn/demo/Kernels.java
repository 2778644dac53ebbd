package org.corenn.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import org.corenn.runtime.Model;

/** A one-line account of which kernels a model runs on, e.g. "conv2d-1x1-sgemm x2, f32-gemv-8x4-avx2". */
final class Kernels {
    private Kernels() {
    }

    static String summary(Model model) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String kernel : model.kernels().values()) {
            if (!kernel.equals("copy") && !kernel.equals("gather")) {
                counts.merge(kernel, 1, Integer::sum);
            }
        }
        StringBuilder s = new StringBuilder();
        counts.forEach((k, n) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(n > 1 ? " x" + n : ""));
        return s.toString();
    }
}
