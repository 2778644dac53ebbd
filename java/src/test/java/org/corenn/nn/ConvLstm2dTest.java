package org.corenn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.corenn.io.HostArray;
import org.corenn.io.Npy;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.runtime.Predictor;
import org.corenn.tensor.Tensor;
import org.corenn.testing.IsaLevels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ConvLstm2d against the PyTorch reference implementation in tools/fixtures/make_kernel_fixtures.py. */
class ConvLstm2dTest {
    private static final Path KERNELS = Path.of("src/test/resources/fixtures/kernels");

    private static HostArray npy(Path dir, String name) throws IOException {
        return Npy.read(dir.resolve(name + ".npy"));
    }

    private static Tensor tensor(HostArray a) {
        return Tensor.of(a.toFloatArray(), a.shape());
    }

    private static void assertClose(HostArray want, Tensor got, String what) {
        assertEquals(want.shape(), got.shape(), what);
        float[] w = want.toFloatArray();
        float[] g = got.toArray();
        for (int i = 0; i < w.length; i++) {
            assertEquals(w[i], g[i], 1e-4, what + " at " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"convlstm2d_k3", "convlstm2d_k3x5_h0c0", "convlstm2d_k5_h0c0"})
    void matchesPyTorchReference_everyIsaAndThreadCount(String name) throws IOException {
        Path dir = KERNELS.resolve(name);
        HostArray x = npy(dir, "x");
        HostArray w = npy(dir, "weight");
        boolean withStates = Files.exists(dir.resolve("h0.npy"));
        int hidden = w.shape().dim(0) / 4;
        Graph.Builder b = Graph.builder();
        Graph.Value xv = b.input("x", x.shape().dims());
        ConvLstm2d layer = new ConvLstm2d(hidden, 1).kernel(w.shape().dim(2), w.shape().dim(3)).withStates();
        List<Graph.Value> out = withStates
                ? b.addMulti("cell", layer, xv, b.input("h0", x.shape().dim(1), hidden, x.shape().dim(3), x.shape().dim(4)),
                        b.input("c0", x.shape().dim(1), hidden, x.shape().dim(3), x.shape().dim(4)))
                : b.addMulti("cell", layer, xv);
        b.output("y", out.get(0)).output("hn", out.get(1)).output("cn", out.get(2));
        Weights weights = Weights.builder().put("cell.conv.weight", w.shape(), w.toFloatArray())
                .put("cell.conv.bias", npy(dir, "bias").shape(), npy(dir, "bias").toFloatArray()).build();
        for (Options o : IsaLevels.everyIsaAndThreadCount()) {
            try (Model m = Model.compile(b.build(), weights, o); Predictor p = m.newPredictor(); Tensor xt = tensor(x);
                    Tensor h0 = withStates ? tensor(npy(dir, "h0")) : null;
                    Tensor c0 = withStates ? tensor(npy(dir, "c0")) : null) {
                Map<String, Tensor> y = withStates ? p.predict(Map.of("x", xt, "h0", h0, "c0", c0))
                        : p.predict(Map.of("x", xt));
                assertClose(npy(dir, "y"), y.get("y"), name + " y " + o);
                assertClose(npy(dir, "hn"), y.get("hn"), name + " hn " + o);
                assertClose(npy(dir, "cn"), y.get("cn"), name + " cn " + o);
            }
        }
    }
}
