package org.corenn.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.corenn.internal.RnnNative;
import org.corenn.internal.RnnNative.corenn_convlstm2d;
import org.corenn.internal.RnnNative.corenn_convlstm2d_desc;
import org.corenn.internal.Status;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.internal.exec.Steps;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * ConvLSTM2d (Shi et al., 2015, no peepholes) over a whole sequence in one native call: gates from
 * one "same"-padded convolution over concat[x_t, h_{t-1}] (weights {@code conv.weight [4*Ch, Cin+Ch,
 * kh, kw]} in gate blocks i, f, g, o, and {@code conv.bias [4*Ch]}). Input {@code x [T, B, Cin, H, W]},
 * optionally {@code h0, c0 [B, Ch, H, W]}; outputs {@code y [T, B, Ch, H, W]} and, with
 * {@link #withStates}, {@code h_n} and {@code c_n}.
 */
public final class ConvLstm2d extends Layer {
    private final int hidden;
    private final int kernelH;
    private final int kernelW;
    private final boolean bias;
    private final boolean states;

    public ConvLstm2d(int hiddenChannels, int kernel) {
        this(hiddenChannels, kernel, kernel, true, false);
    }

    private ConvLstm2d(int hidden, int kernelH, int kernelW, boolean bias, boolean states) {
        require(hidden > 0, "ConvLstm2d: hiddenChannels must be > 0, got " + hidden);
        require(kernelH > 0 && kernelW > 0 && kernelH % 2 == 1 && kernelW % 2 == 1,
                "ConvLstm2d: kernel must be odd (same padding), got " + kernelH + "x" + kernelW);
        this.hidden = hidden;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.bias = bias;
        this.states = states;
    }

    public ConvLstm2d kernel(int h, int w) {
        return new ConvLstm2d(hidden, h, w, bias, states);
    }

    public ConvLstm2d bias(boolean b) {
        return new ConvLstm2d(hidden, kernelH, kernelW, b, states);
    }

    /** Also output h_n and c_n, and accept h0 and c0 as extra inputs. */
    public ConvLstm2d withStates() {
        return new ConvLstm2d(hidden, kernelH, kernelW, bias, true);
    }

    @Override
    public String kind() {
        return "ConvLstm2d";
    }

    @Override
    public String toString() {
        return "ConvLstm2d(" + hidden + ", k=" + kernelH + "x" + kernelW + ")";
    }

    @Override
    public int maxInputs() {
        return states ? 3 : 1;
    }

    @Override
    public int outputCount() {
        return states ? 3 : 1;
    }

    @Override
    public Map<String, Shape> parameters(List<Shape> inputs) {
        Map<String, Shape> p = new LinkedHashMap<>();
        p.put("conv.weight", Shape.of(4 * hidden, inputs.get(0).dim(2) + hidden, kernelH, kernelW));
        if (bias) {
            p.put("conv.bias", Shape.of(4 * hidden));
        }
        return p;
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        Shape x = inputs.get(0).shape();
        require(x.rank() == 5, "input must be [seq, batch, channels, height, width], got " + x);
        require(x.dim(3) > 0 && x.dim(4) > 0, "input planes must not be empty, got " + x);
        Shape state = Shape.of(x.dim(1), hidden, x.dim(3), x.dim(4));
        for (int i = 1; i < inputs.size(); i++) {
            require(inputs.get(i).shape().equals(state), (i == 1 ? "h0" : "c0") + " must be " + state + ", got "
                    + inputs.get(i).shape());
        }
        List<ValueInfo> out = new ArrayList<>();
        out.add(ValueInfo.of(Shape.of(x.dim(0), x.dim(1), hidden, x.dim(3), x.dim(4))));
        if (states) {
            out.add(ValueInfo.of(state));
            out.add(ValueInfo.of(state));
        }
        return out;
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        int cin = inputs.get(0).dim(2);
        corenn_convlstm2d_desc desc = new corenn_convlstm2d_desc().in_channels(cin).hidden_channels(hidden)
                .kernel_h(kernelH).kernel_w(kernelW);
        corenn_convlstm2d op = new corenn_convlstm2d();
        try (FloatPointer w = new FloatPointer(weights.get("conv.weight"));
                FloatPointer b = bias ? new FloatPointer(weights.get("conv.bias")) : null) {
            Status.check(RnnNative.corenn_convlstm2d_create(desc, w, b, options.isa().code(), op));
        }
        return new LayerInstance() {
            @Override
            public Step plan(int[] in, List<ValueInfo> inInfo, int[] out, List<ValueInfo> outInfo) {
                Shape x = inInfo.get(0).shape();
                if (x.dim(2) != cin) {
                    throw new IllegalArgumentException("ConvLstm2d: input channels changed from " + cin + " to "
                            + x.dim(2));
                }
                int xs = in[0];
                int h0 = in.length > 1 ? in[1] : -1;
                int c0 = in.length > 2 ? in[2] : -1;
                int y = out[0];
                int hn = out.length > 1 ? out[1] : -1;
                int cn = out.length > 2 ? out[2] : -1;
                return frame -> Steps.check(RnnNative.corenn_convlstm2d_run(op, x.dim(0), x.dim(1), x.dim(3), x.dim(4),
                        frame.pointer(xs), h0 < 0 ? null : frame.pointer(h0), c0 < 0 ? null : frame.pointer(c0),
                        frame.pointer(y), hn < 0 ? null : frame.pointer(hn), cn < 0 ? null : frame.pointer(cn),
                        frame.workspace(), frame.threads()));
            }

            @Override
            public long workspaceBytes(List<ValueInfo> inInfo) {
                Shape x = inInfo.get(0).shape();
                return RnnNative.corenn_convlstm2d_workspace_size(op, x.dim(0), x.dim(1), x.dim(3), x.dim(4));
            }

            @Override
            public String kernel() {
                return RnnNative.corenn_convlstm2d_kernel(op);
            }

            @Override
            public long flops(List<ValueInfo> inInfo, List<ValueInfo> outInfo) {
                Shape x = inInfo.get(0).shape();
                return 2L * x.dim(0) * x.dim(1) * 4 * hidden * (cin + hidden) * kernelH * kernelW * x.dim(3) * x.dim(4);
            }

            @Override
            public void close() {
                RnnNative.corenn_convlstm2d_destroy(op);
            }
        };
    }
}
