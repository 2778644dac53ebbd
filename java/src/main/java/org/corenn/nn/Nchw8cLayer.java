package org.corenn.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.corenn.internal.ConvNative;
import org.corenn.internal.exec.LayerInstance;
import org.corenn.internal.exec.Step;
import org.corenn.ops.Layout;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * A convolution or pooling layer that the model compiler ({@link ChannelBlocking}) runs with some of
 * its values in the channel-blocked layout {@link Layout#NCHW8C}. Those values have the blocked shape
 * ({@code [N, ceil(C/8), H, W, 8]}), so the plan sizes their buffers with the padded channels; the
 * wrapped layer still sees logical NCHW shapes and only its native op is created with the layouts.
 */
final class Nchw8cLayer extends Layer {
    private final Layer inner;
    private final boolean[] blockedInputs;
    private final int[] inputChannels;
    private final boolean blockedOutput;
    private final int outputChannels;

    /** For a Convolution: x and residual (if any), then y; for a Pooling x and y are both blocked. */
    Nchw8cLayer(Layer inner, boolean[] blockedInputs, int[] inputChannels, boolean blockedOutput, int outputChannels) {
        this.inner = inner;
        this.blockedInputs = blockedInputs.clone();
        this.inputChannels = inputChannels.clone();
        this.blockedOutput = blockedOutput;
        this.outputChannels = outputChannels;
    }

    Layer inner() {
        return inner;
    }

    @Override
    public String kind() {
        return inner.kind();
    }

    @Override
    public int minInputs() {
        return inner.minInputs();
    }

    @Override
    public int maxInputs() {
        return inner.maxInputs();
    }

    @Override
    public Map<String, Shape> parameters(List<Shape> inputs) {
        return inner.parameters(logicalShapes(inputs));
    }

    @Override
    public List<ValueInfo> infer(List<ValueInfo> inputs) {
        List<ValueInfo> out = inner.infer(logical(inputs));
        return blockedOutput ? List.of(ValueInfo.of(Layout.NCHW8C.shapeOf(out.get(0).shape()))) : out;
    }

    @Override
    public LayerInstance instantiate(List<Shape> inputs, Map<String, float[]> weights, Options options) {
        List<Shape> shapes = logicalShapes(inputs);
        int in = code(blockedInputs[0]);
        int out = code(blockedOutput);
        LayerInstance instance = inner instanceof Convolution
                ? ((Convolution) inner).instantiate(shapes, weights, options, in, out)
                : ((Pooling) inner).instantiate(shapes, options, in);
        return new LayerInstance() {
            @Override
            public Step plan(int[] inIds, List<ValueInfo> inInfo, int[] outIds, List<ValueInfo> outInfo) {
                return instance.plan(inIds, logical(inInfo), outIds, logicalOutputs(outInfo));
            }

            @Override
            public long workspaceBytes(List<ValueInfo> inInfo) {
                return instance.workspaceBytes(logical(inInfo));
            }

            @Override
            public String kernel() {
                return instance.kernel();
            }

            @Override
            public long flops(List<ValueInfo> inInfo, List<ValueInfo> outInfo) {
                return instance.flops(logical(inInfo), logicalOutputs(outInfo));
            }

            @Override
            public void close() {
                instance.close();
            }
        };
    }

    private static int code(boolean blocked) {
        return blocked ? ConvNative.CORENN_LAYOUT_NCHW8C : ConvNative.CORENN_LAYOUT_NCHW;
    }

    private List<Shape> logicalShapes(List<Shape> shapes) {
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            out.add(blockedInputs[i] ? Layout.NCHW8C.logicalShape(shapes.get(i), inputChannels[i]) : shapes.get(i));
        }
        return out;
    }

    private List<ValueInfo> logical(List<ValueInfo> infos) {
        List<ValueInfo> out = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            out.add(blockedInputs[i] ? ValueInfo.of(Layout.NCHW8C.logicalShape(infos.get(i).shape(), inputChannels[i]))
                    : infos.get(i));
        }
        return out;
    }

    private List<ValueInfo> logicalOutputs(List<ValueInfo> infos) {
        return blockedOutput ? List.of(ValueInfo.of(Layout.NCHW8C.logicalShape(infos.get(0).shape(), outputChannels)))
                : infos;
    }

    /** The wrapped layer's description plus its layouts, e.g. {@code Conv2d(64, k=3x3) [nchw8c->nchw8c]}. */
    @Override
    public String toString() {
        return inner + " [" + name(blockedInputs[0]) + "->" + name(blockedOutput) + "]";
    }

    private static String name(boolean blocked) {
        return blocked ? "nchw8c" : "nchw";
    }
}
