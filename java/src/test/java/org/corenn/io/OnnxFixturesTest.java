package org.corenn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;

/** The model written by onnx's Python helpers (tools/fixtures/make_io_fixtures.py), inline and external. */
class OnnxFixturesTest {
    @Test
    void small_headerAndOpsets() throws IOException {
        OnnxModel model = OnnxModel.read(Fixtures.path("io/onnx/small.onnx"));
        assertEquals(8, model.irVersion());
        assertEquals("corenn-fixtures", model.producerName());
        assertEquals(Map.of("", 13L, "test.corenn", 1L), model.opsets());
        assertEquals(Map.of("author", "corenn", "purpose", "io tests"), model.metadata());
        assertEquals("small", model.graph().name());
        assertEquals(List.of("Conv", "Relu", "AllKinds", "If"),
                model.graph().nodes().stream().map(OnnxNode::opType).collect(Collectors.toList()));
    }

    @Test
    void small_attributesOfEveryKind() throws IOException {
        OnnxGraph graph = OnnxModel.read(Fixtures.path("io/onnx/small.onnx")).graph();
        OnnxNode conv = graph.nodes().get(0);
        assertArrayEquals(new long[] {3, 3}, conv.attribute("kernel_shape").orElseThrow().asInts());
        assertArrayEquals(new long[] {1, 1, 1, 1}, conv.attribute("pads").orElseThrow().asInts());
        assertEquals(1, conv.attribute("group").orElseThrow().asInt());
        OnnxNode custom = graph.nodes().get(2);
        assertEquals("test.corenn", custom.domain());
        Map<String, OnnxAttribute> a = custom.attributes();
        assertEquals(0.25f, a.get("alpha").asFloat());
        assertEquals(7, a.get("count").asInt());
        assertEquals("linear", a.get("mode").asString());
        assertEquals(HostArray.ofLongs(DataType.INT32, new long[] {1, -2, 3}, Shape.of(3)), a.get("value").asTensor());
        assertEquals("then_branch", a.get("body").asGraph().name());
        assertArrayEquals(new float[] {1.5f, -0.5f}, a.get("weights").asFloats());
        assertArrayEquals(new long[] {0, -1, 2}, a.get("axes").asInts());
        assertEquals(List.of("a", "bc"), a.get("names").asStrings());
        OnnxNode branch = graph.nodes().get(3);
        assertEquals("Neg", branch.attribute("else_branch").orElseThrow().asGraph().nodes().get(0).opType());
    }

    @Test
    void small_initializersOfEveryStorage() throws IOException {
        Map<String, HostArray> init = OnnxModel.read(Fixtures.path("io/onnx/small.onnx")).graph().initializers();
        float[] weight = new float[18];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = i / 8f;
        }
        assertEquals(HostArray.ofFloat32(weight, Shape.of(2, 1, 3, 3)), init.get("conv.weight"));
        assertEquals(HostArray.ofFloat32(new float[] {0.5f, -0.5f}, Shape.of(2)), init.get("conv.bias"));
        assertEquals(HostArray.ofInt64(new long[] {1, -1}, Shape.of(2)), init.get("shape"));
        assertEquals(HostArray.ofFloats(DataType.FLOAT64, new float[] {0.125f, 2f}, Shape.of(2)), init.get("scale64"));
        assertEquals(HostArray.ofFloats(DataType.FLOAT16, new float[] {1f, -2f, 0.5f}, Shape.of(3)), init.get("half"));
        assertEquals(HostArray.ofLongs(DataType.BOOL, new long[] {1, 0, 0, 1}, Shape.of(2, 2)), init.get("mask"));
        assertEquals(HostArray.ofLongs(DataType.BOOL, new long[] {1}, Shape.of()), init.get("cond"));
    }

    @Test
    void small_valueInfoWithSymbolicBatch() throws IOException {
        OnnxGraph graph = OnnxModel.read(Fixtures.path("io/onnx/small.onnx")).graph();
        assertEquals("x: FLOAT32 [batch, 1, 4, 4]", graph.inputs().get(0).toString());
        assertEquals("y: FLOAT32 [batch, 2, 4, 4]", graph.outputs().get(0).toString());
        assertEquals("conv_out", graph.valueInfo().get(0).name());
    }

    @Test
    void externalData_matchesInlineModel() throws IOException {
        OnnxGraph inline = OnnxModel.read(Fixtures.path("io/onnx/small.onnx")).graph();
        OnnxGraph external = OnnxModel.read(Fixtures.path("io/onnx/external/small_external.onnx")).graph();
        assertEquals(inline.initializers(), external.initializers());
        assertEquals(inline.nodes().get(2).attributes(), external.nodes().get(2).attributes());
    }
}
