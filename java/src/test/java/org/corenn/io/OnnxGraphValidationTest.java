package org.corenn.io;

import static org.corenn.io.OnnxProtos.FLOAT;
import static org.corenn.io.OnnxProtos.floatTensorRaw;
import static org.corenn.io.OnnxProtos.model;
import static org.corenn.io.OnnxProtos.node;
import static org.corenn.io.OnnxProtos.valueInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.corenn.runtime.CorennException;
import org.junit.jupiter.api.Test;

/** Value references are checked at load: missing initializers, cycles, double definitions, dangling outputs. */
class OnnxGraphValidationTest {
    private static String errorOf(Proto graph) {
        return assertThrows(CorennException.class, () -> OnnxModel.parse(model(graph).toBytes())).getMessage();
    }

    private static Proto relu(String name, String input, String output) {
        return node(name, "Relu", new String[] {input}, new String[] {output});
    }

    @Test
    void missingInitializer_namesNodeAndInput() {
        Proto graph = Proto.message().message(1, node("conv1", "Conv", new String[] {"x", "conv1.weight"},
                new String[] {"y"})).message(11, valueInfo("x", FLOAT));
        assertEquals("onnx: node #0 'conv1' (Conv): input 'conv1.weight' is not a graph input, an initializer or an"
                + " output of an earlier node (missing initializer, or nodes out of topological order)",
                errorOf(graph));
    }

    @Test
    void cycle_rejected() {
        Proto graph = Proto.message().message(1, relu("a", "v2", "v1")).message(1, relu("b", "v1", "v2"));
        assertEquals("onnx: node #0 'a' (Relu): input 'v2' is not a graph input, an initializer or an output of an"
                + " earlier node (missing initializer, or nodes out of topological order)", errorOf(graph));
    }

    @Test
    void outputDefinedTwice_rejected() {
        Proto graph = Proto.message().message(11, valueInfo("x", FLOAT)).message(1, relu("a", "x", "y"))
                .message(1, relu("b", "x", "y"));
        assertEquals("onnx: node #1 'b' (Relu): output 'y' is already defined in the graph", errorOf(graph));
        Proto shadowsInput = Proto.message().message(11, valueInfo("x", FLOAT)).message(1, relu("a", "x", "x"));
        assertEquals("onnx: node #0 'a' (Relu): output 'x' is already defined in the graph", errorOf(shadowsInput));
    }

    @Test
    void graphOutputNeverProduced_rejected() {
        Proto graph = Proto.message().string(2, "g").message(12, valueInfo("out", FLOAT));
        assertEquals("onnx: graph 'g': output 'out' is not produced by any node, input or initializer", errorOf(graph));
    }

    @Test
    void initializerAlsoListedAsInput_isAccepted() {
        Proto graph = Proto.message().message(5, floatTensorRaw("w", new float[] {1}, 1))
                .message(11, valueInfo("w", FLOAT, 1L)).message(1, relu("a", "w", "y"))
                .message(12, valueInfo("y", FLOAT));
        OnnxModel.parse(model(graph).toBytes());
    }

    @Test
    void subgraph_seesOuterValuesDefinedBeforeItsNode_only() {
        Proto body = Proto.message().string(2, "body").message(1, relu("inner", "early", "r"))
                .message(12, valueInfo("r", FLOAT));
        Proto good = Proto.message().message(11, valueInfo("x", FLOAT)).message(1, relu("a", "x", "early"))
                .message(1, node("if", "If", new String[] {"x"}, new String[] {"out"},
                        Proto.message().string(1, "then_branch").message(6, body).varint(20, 5)));
        OnnxModel.parse(model(good).toBytes());

        Proto late = Proto.message().message(11, valueInfo("x", FLOAT))
                .message(1, node("if", "If", new String[] {"x"}, new String[] {"out"},
                        Proto.message().string(1, "then_branch").message(6, body).varint(20, 5)))
                .message(1, relu("a", "x", "early"));
        assertEquals("onnx: node #0 'if' (If) attribute 'then_branch' > node #0 'inner' (Relu): input 'early' is not"
                + " a graph input, an initializer or an output of an earlier node (missing initializer, or nodes out of"
                + " topological order)", errorOf(late));
    }

    @Test
    void omittedOptionalInputs_areAllowed() {
        Proto graph = Proto.message().message(11, valueInfo("x", FLOAT))
                .message(1, node("lstm", "LSTM", new String[] {"x", "", ""}, new String[] {"", "h"}));
        OnnxModel.parse(model(graph).toBytes());
    }
}
