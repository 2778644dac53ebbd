package org.corenn.io;

import static org.corenn.io.OnnxProtos.BFLOAT16;
import static org.corenn.io.OnnxProtos.BOOL;
import static org.corenn.io.OnnxProtos.DOUBLE;
import static org.corenn.io.OnnxProtos.FLOAT;
import static org.corenn.io.OnnxProtos.FLOAT16;
import static org.corenn.io.OnnxProtos.INT16;
import static org.corenn.io.OnnxProtos.INT32;
import static org.corenn.io.OnnxProtos.INT64;
import static org.corenn.io.OnnxProtos.INT8;
import static org.corenn.io.OnnxProtos.UINT8;
import static org.corenn.io.OnnxProtos.model;
import static org.corenn.io.OnnxProtos.node;
import static org.corenn.io.OnnxProtos.tensor;
import static org.corenn.io.OnnxProtos.valueInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;

class OnnxReaderTest {
    private static OnnxGraph graphOf(Proto graph) {
        return OnnxModel.parse(model(graph).toBytes()).graph();
    }

    private static HostArray initializer(Proto tensor) {
        return graphOf(Proto.message().message(5, tensor)).initializers().values().iterator().next();
    }

    @Test
    void model_headerFields_areRead() {
        Proto bytes = Proto.message().varint(1, 7).string(2, "pytorch").string(3, "1.13").string(4, "org.example")
                .varint(5, 3).message(7, OnnxProtos.convReluGraph())
                .message(8, Proto.message().string(1, "ai.onnx").varint(2, 13))
                .message(8, Proto.message().string(1, "com.microsoft").varint(2, 1))
                .message(14, Proto.message().string(1, "author").string(2, "me"));
        OnnxModel model = OnnxModel.parse(bytes.toBytes());
        assertEquals(7, model.irVersion());
        assertEquals("pytorch", model.producerName());
        assertEquals("1.13", model.producerVersion());
        assertEquals("org.example", model.domain());
        assertEquals(3, model.modelVersion());
        assertEquals(Map.of("", 13L, "com.microsoft", 1L), model.opsets());
        assertEquals(OptionalLong.of(13), model.opsetVersion("ai.onnx"));
        assertEquals(OptionalLong.empty(), model.opsetVersion("other"));
        assertEquals(Map.of("author", "me"), model.metadata());
    }

    @Test
    void graph_convRelu_nodesInputsOutputsInOrder() {
        OnnxGraph graph = graphOf(OnnxProtos.convReluGraph());
        assertEquals("main", graph.name());
        assertEquals(2, graph.nodes().size());
        OnnxNode conv = graph.nodes().get(0);
        assertEquals("conv1", conv.name());
        assertEquals("Conv", conv.opType());
        assertEquals("", conv.domain());
        assertEquals(List.of("x", "w"), conv.inputs());
        assertEquals(List.of("c"), conv.outputs());
        assertArrayEquals(new long[] {3, 3}, conv.attribute("kernel_shape").orElseThrow().asInts());
        assertEquals(1, conv.attribute("group").orElseThrow().asInt());
        assertEquals("Relu", graph.nodes().get(1).opType());
        assertEquals(Shape.of(2, 1, 3, 3), graph.initializers().get("w").shape());
        assertEquals(4.0f, graph.initializers().get("w").getFloat(8));
        OnnxValueInfo x = graph.inputs().get(0);
        assertEquals("x", x.name());
        assertEquals(DataType.FLOAT32, x.dataType().orElseThrow());
        assertEquals(List.of(OnnxDimension.symbolic("batch"), OnnxDimension.fixed(1), OnnxDimension.fixed(5),
                OnnxDimension.fixed(5)), x.dims());
        assertEquals("y", graph.outputs().get(0).name());
    }

    @Test
    void attributes_everyKind_withTypeField() {
        Proto subgraph = Proto.message().message(1, node("inner", "Identity", new String[] {"a"}, new String[] {"b"}))
                .string(2, "body").message(11, valueInfo("a", FLOAT));
        Proto n = node("n", "Custom", new String[] {"x"}, new String[] {"y"},
                Proto.message().string(1, "f").fixed32(2, 0.25f).varint(20, 1),
                Proto.message().string(1, "i").varint(3, -5).varint(20, 2),
                Proto.message().string(1, "s").string(4, "same_upper").varint(20, 3),
                Proto.message().string(1, "t").message(5, tensor("", INT64, 2).packedVarints(7, 4, -1)).varint(20, 4),
                Proto.message().string(1, "g").message(6, subgraph).varint(20, 5),
                Proto.message().string(1, "floats").packedFloats(7, 1.5f, -2f).varint(20, 6),
                Proto.message().string(1, "ints").varint(8, 1).varint(8, -2).varint(20, 7),
                Proto.message().string(1, "strings").string(9, "a").string(9, "bc").varint(20, 8))
                .string(7, "com.example");
        OnnxNode node = graphOf(Proto.message().message(1, n).message(11, valueInfo("x", FLOAT))).nodes().get(0);
        assertEquals("com.example", node.domain());
        Map<String, OnnxAttribute> a = node.attributes();
        assertEquals(List.of("f", "i", "s", "t", "g", "floats", "ints", "strings"), List.copyOf(a.keySet()));
        assertEquals(0.25f, a.get("f").asFloat());
        assertEquals(-5, a.get("i").asInt());
        assertEquals("same_upper", a.get("s").asString());
        assertEquals(HostArray.ofInt64(new long[] {4, -1}, Shape.of(2)), a.get("t").asTensor());
        assertEquals("Identity", a.get("g").asGraph().nodes().get(0).opType());
        assertEquals("body", a.get("g").asGraph().name());
        assertArrayEquals(new float[] {1.5f, -2f}, a.get("floats").asFloats());
        assertArrayEquals(new long[] {1, -2}, a.get("ints").asInts());
        assertEquals(List.of("a", "bc"), a.get("strings").asStrings());
    }

    @Test
    void attributes_withoutTypeField_kindInferredFromValue() {
        Proto n = node("n", "Custom", new String[] {}, new String[] {"y"},
                Proto.message().string(1, "alpha").fixed32(2, 0.5f),
                Proto.message().string(1, "axes").packedVarints(8, 0, 1),
                Proto.message().string(1, "floats").fixed32(7, 1f).fixed32(7, 2f));
        Map<String, OnnxAttribute> a = graphOf(Proto.message().message(1, n)).nodes().get(0).attributes();
        assertEquals(OnnxAttribute.Kind.FLOAT, a.get("alpha").kind());
        assertEquals(OnnxAttribute.Kind.INTS, a.get("axes").kind());
        assertArrayEquals(new float[] {1f, 2f}, a.get("floats").asFloats());
    }

    @Test
    void attributes_typeSetValueAbsent_scalarDefaultsAndEmptyLists() {
        Proto n = node("n", "Custom", new String[] {}, new String[] {"y"},
                Proto.message().string(1, "zero").varint(20, 2),
                Proto.message().string(1, "none").varint(20, 7));
        Map<String, OnnxAttribute> a = graphOf(Proto.message().message(1, n)).nodes().get(0).attributes();
        assertEquals(0, a.get("zero").asInt());
        assertEquals(0, a.get("none").asInts().length);
    }

    @Test
    void initializer_floatData_packedAndUnpacked() {
        assertEquals(HostArray.ofFloat32(new float[] {1, 2, 3, 4}, Shape.of(2, 2)),
                initializer(tensor("a", FLOAT, 2, 2).packedFloats(4, 1, 2, 3, 4)));
        assertEquals(HostArray.ofFloat32(new float[] {1, 2}, Shape.of(2)),
                initializer(tensor("a", FLOAT, 2).fixed32(4, 1).fixed32(4, 2)));
    }

    @Test
    void initializer_int32Data_smallTypesAndHalfFloatBits() {
        assertEquals(HostArray.ofLongs(DataType.INT32, new long[] {-7, 9}, Shape.of(2)),
                initializer(tensor("a", INT32, 2).packedVarints(5, -7, 9)));
        assertEquals(HostArray.ofLongs(DataType.INT8, new long[] {-128, 127}, Shape.of(2)),
                initializer(tensor("a", INT8, 2).varint(5, -128).varint(5, 127)));
        assertEquals(HostArray.ofLongs(DataType.UINT8, new long[] {255}, Shape.of(1)),
                initializer(tensor("a", UINT8, 1).varint(5, 255)));
        assertEquals(HostArray.ofLongs(DataType.INT16, new long[] {-300}, Shape.of(1)),
                initializer(tensor("a", INT16, 1).varint(5, -300)));
        assertEquals(HostArray.ofLongs(DataType.BOOL, new long[] {1, 0}, Shape.of(2)),
                initializer(tensor("a", BOOL, 2).varint(5, 1).varint(5, 0)));
        // float16 1.0 = 0x3c00, -2.0 = 0xc000; bfloat16 1.0 = 0x3f80.
        assertEquals(HostArray.ofFloats(DataType.FLOAT16, new float[] {1f, -2f}, Shape.of(2)),
                initializer(tensor("a", FLOAT16, 2).varint(5, 0x3c00).varint(5, 0xc000)));
        assertEquals(HostArray.ofFloats(DataType.BFLOAT16, new float[] {1f}, Shape.of(1)),
                initializer(tensor("a", BFLOAT16, 1).varint(5, 0x3f80)));
    }

    @Test
    void initializer_int64AndDoubleData() {
        assertEquals(HostArray.ofInt64(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, Shape.of(2)),
                initializer(tensor("a", INT64, 2).varint(7, Long.MIN_VALUE).varint(7, Long.MAX_VALUE)));
        assertEquals(HostArray.ofFloats(DataType.FLOAT64, new float[] {0.125f, -3f}, Shape.of(2)),
                initializer(tensor("a", DOUBLE, 2).packedDoubles(10, 0.125, -3)));
        assertEquals(HostArray.ofFloats(DataType.FLOAT64, new float[] {0.5f}, Shape.of(1)),
                initializer(tensor("a", DOUBLE, 1).fixed64(10, 0.5)));
    }

    @Test
    void initializer_rawData_everyType() {
        assertEquals(HostArray.ofLongs(DataType.INT32, new long[] {-2, 70000}, Shape.of(2)),
                initializer(tensor("a", INT32, 2).bytes(9, new byte[] {-2, -1, -1, -1, 0x70, 0x11, 1, 0})));
        assertEquals(HostArray.ofLongs(DataType.BOOL, new long[] {1, 0, 1}, Shape.of(3)),
                initializer(tensor("a", BOOL, 3).bytes(9, new byte[] {1, 0, 1})));
        assertEquals(HostArray.ofFloats(DataType.FLOAT16, new float[] {1f}, Shape.of(1)),
                initializer(tensor("a", FLOAT16, 1).bytes(9, new byte[] {0, 0x3c})));
        assertEquals(HostArray.ofFloats(DataType.BFLOAT16, new float[] {-2f}, Shape.of(1)),
                initializer(tensor("a", BFLOAT16, 1).bytes(9, new byte[] {0, (byte) 0xc0})));
    }

    @Test
    void initializer_scalarAndEmpty() {
        assertEquals(HostArray.ofFloat32(new float[] {3f}, Shape.of()),
                initializer(tensor("s", FLOAT).fixed32(4, 3f)));
        assertEquals(HostArray.ofFloat32(new float[0], Shape.of(0, 4)), initializer(tensor("e", FLOAT, 0, 4)));
    }

    @Test
    void valueInfo_unknownShapeAndNonTensor() {
        Proto noShape = Proto.message().string(1, "a")
                .message(2, Proto.message().message(1, Proto.message().varint(1, INT64)));
        Proto sequence = Proto.message().string(1, "b")
                .message(2, Proto.message().message(4, Proto.message().message(1, Proto.message())));
        Proto shape = Proto.message().message(1, Proto.message().string(2, "n")).message(1, Proto.message());
        Proto unknownDim = Proto.message().string(1, "c").message(2,
                Proto.message().message(1, Proto.message().varint(1, FLOAT).message(2, shape)));
        OnnxGraph graph = graphOf(Proto.message().message(11, noShape).message(11, sequence)
                .message(13, valueInfo("d", FLOAT)));
        OnnxValueInfo a = graph.inputs().get(0);
        assertTrue(a.isTensor());
        assertFalse(a.hasShape());
        assertEquals(DataType.INT64, a.dataType().orElseThrow());
        assertFalse(graph.inputs().get(1).isTensor());
        OnnxValueInfo d = graph.valueInfo().get(0);
        assertTrue(d.hasShape());
        assertEquals(0, d.dims().size());
        assertEquals(List.of(OnnxDimension.symbolic("n"), OnnxDimension.unknown()),
                graphOf(Proto.message().message(13, unknownDim)).valueInfo().get(0).dims());
    }

    @Test
    void runtimeInputs_leaveOutInitializersListedAsInputs() {
        OnnxGraph graph = graphOf(OnnxProtos.convReluGraph().message(11, valueInfo("w", FLOAT, 2L, 1L, 3L, 3L)));
        assertEquals(2, graph.inputs().size());
        assertEquals(List.of("x"), graph.runtimeInputs().stream().map(OnnxValueInfo::name).toList());
    }

    @Test
    void unknownFields_everyWireType_areSkipped() {
        Proto graph = OnnxProtos.convReluGraph().varint(99, 5).fixed32(98, 1f).fixed64(97, 2.0).string(96, "x");
        Proto bytes = model(graph).varint(1000, 1).string(20, "training info ignored");
        assertEquals(2, OnnxModel.parse(bytes.toBytes()).graph().nodes().size());
    }
}
