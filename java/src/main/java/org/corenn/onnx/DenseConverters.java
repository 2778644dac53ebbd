package org.corenn.onnx;

import java.util.List;
import java.util.Map;

import org.corenn.io.HostArray;
import org.corenn.io.OnnxGraph;
import org.corenn.io.OnnxNode;
import org.corenn.nn.Dense;
import org.corenn.tensor.Shape;

/**
 * Gemm and MatMul with constant weights become {@link Dense}; a MatMul whose only reader is an Add of
 * a constant bias (PyTorch's Linear on a 3-d input) becomes one Dense with that bias.
 */
final class DenseConverters {
    private DenseConverters() {
    }

    static void register(Map<String, Converter> table) {
        table.put("Gemm", DenseConverters::gemm);
        table.put("MatMul", DenseConverters::matMul);
    }

    /** Finds MatMul → Add(constant [N]) pairs before conversion. */
    static void findBiasAdds(OnnxGraph graph, ImportContext c) {
        List<OnnxNode> nodes = graph.nodes();
        for (OnnxNode mm : nodes) {
            if (!mm.opType().equals("MatMul") || mm.inputs().size() < 2 || !c.isConstant(mm.inputs().get(1))) {
                continue;
            }
            String out = mm.outputs().get(0);
            if (c.readers(out) != 1) {
                continue;
            }
            for (OnnxNode add : nodes) {
                if (!add.opType().equals("Add") || add.inputs().size() != 2 || !add.inputs().contains(out)) {
                    continue;
                }
                String other = add.inputs().get(0).equals(out) ? add.inputs().get(1) : add.inputs().get(0);
                HostArray w = graph.initializers().get(mm.inputs().get(1));
                HostArray b = graph.initializers().get(other);
                if (w != null && b != null && w.shape().rank() == 2 && b.size() == w.shape().dim(1)
                        && b.shape().dim(-1) == b.size()) {
                    c.biasAddOf.put(mm, add);
                }
            }
        }
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) {
                t[k * rows + r] = m[r * cols + k];
            }
        }
        return t;
    }

    private static void gemm(OnnxNode n, ImportContext c) {
        if (n.intAttribute("transA", 0) != 0) {
            throw ImportContext.unsupported(n, "transA=1");
        }
        HostArray b = c.constant(n, 1, "B");
        if (b.shape().rank() != 2) {
            throw ImportContext.unsupported(n, "B of shape " + b.shape());
        }
        boolean transB = n.intAttribute("transB", 0) != 0;
        int outF = transB ? b.shape().dim(0) : b.shape().dim(1);
        int inF = transB ? b.shape().dim(1) : b.shape().dim(0);
        float[] w = transB ? b.toFloatArray() : transpose(b.toFloatArray(), inF, outF);
        float alpha = n.floatAttribute("alpha", 1f);
        for (int i = 0; i < w.length; i++) {
            w[i] *= alpha;
        }
        boolean hasBias = n.inputs().size() > 2 && !n.inputs().get(2).isEmpty();
        String name = c.nodeName(n);
        c.weight(name + ".weight", Shape.of(outF, inF), w);
        if (hasBias) {
            HostArray cArr = c.constant(n, 2, "C");
            float beta = n.floatAttribute("beta", 1f);
            float[] bias = new float[outF];
            float[] src = cArr.toFloatArray();
            if (src.length != 1 && src.length != outF) {
                throw ImportContext.unsupported(n, "C of shape " + cArr.shape() + " (only a per-output bias)");
            }
            for (int i = 0; i < outF; i++) {
                bias[i] = beta * src[src.length == 1 ? 0 : i];
            }
            c.weight(name + ".bias", Shape.of(outF), bias);
        }
        c.define(n.outputs().get(0), c.graph.add(name, new Dense(outF, hasBias), c.value(n, n.inputs().get(0))));
    }

    private static void matMul(OnnxNode n, ImportContext c) {
        if (!c.isConstant(n.inputs().get(1))) {
            throw ImportContext.unsupported(n, "MatMul of two computed tensors (only constant weights)");
        }
        HostArray b = c.constant(n, 1, "B");
        if (b.shape().rank() != 2) {
            throw ImportContext.unsupported(n, "B of shape " + b.shape());
        }
        int inF = b.shape().dim(0);
        int outF = b.shape().dim(1);
        OnnxNode add = c.biasAddOf.get(n);
        String name = c.nodeName(n);
        c.weight(name + ".weight", Shape.of(outF, inF), transpose(b.toFloatArray(), inF, outF));
        if (add != null) {
            String out = n.outputs().get(0);
            String biasName = add.inputs().get(0).equals(out) ? add.inputs().get(1) : add.inputs().get(0);
            HostArray bias = c.constant(add, add.inputs().indexOf(biasName), "bias");
            c.weight(name + ".bias", Shape.of(outF), bias.toFloatArray());
        }
        var v = c.graph.add(name, new Dense(outF, add != null), c.value(n, n.inputs().get(0)));
        c.define(n.outputs().get(0), v);
        if (add != null) {
            c.define(add.outputs().get(0), v);
        }
    }
}
