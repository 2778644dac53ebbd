package org.corenn.io;

import static org.corenn.io.OnnxProtos.FLOAT;
import static org.corenn.io.OnnxProtos.INT64;
import static org.corenn.io.OnnxProtos.INT8;
import static org.corenn.io.OnnxProtos.STRING;
import static org.corenn.io.OnnxProtos.model;
import static org.corenn.io.OnnxProtos.node;
import static org.corenn.io.OnnxProtos.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.corenn.runtime.CorennException;
import org.junit.jupiter.api.Test;

/** Each way a model file can be wrong gives a CorennException saying what and where. */
class OnnxMalformedTest {
    private static String errorOf(byte[] bytes) {
        return assertThrows(CorennException.class, () -> OnnxModel.parse(bytes)).getMessage();
    }

    private static String errorOfGraph(Proto graph) {
        return errorOf(model(graph).toBytes());
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void rawDataSize_mismatch_namesInitializerBytesAndDims() {
        Proto w = tensor("conv1.weight", FLOAT, 64, 3, 3, 3).bytes(9, new byte[100]);
        assertEquals("onnx: initializer 'conv1.weight': raw_data has 100 bytes, dims [64, 3, 3, 3] need 6912",
                errorOfGraph(Proto.message().message(5, w)));
    }

    @Test
    void typedDataCount_mismatch() {
        assertContains(errorOfGraph(Proto.message().message(5, tensor("b", FLOAT, 3).packedFloats(4, 1, 2))),
                "initializer 'b': float_data has 2 values, dims [3] need 3");
    }

    @Test
    void typedField_wrongForDataType() {
        assertContains(errorOfGraph(Proto.message().message(5, tensor("b", INT64, 1).fixed32(4, 1))),
                "float_data cannot hold data_type INT64");
    }

    @Test
    void int32Data_outOfRangeForInt8() {
        assertContains(errorOfGraph(Proto.message().message(5, tensor("q", INT8, 1).varint(5, 300))),
                "initializer 'q': int32_data[0] = 300 does not fit INT8");
    }

    @Test
    void negativeDim_rejected() {
        assertContains(errorOfGraph(Proto.message().message(5, tensor("n", FLOAT, 2, -1))),
                "initializer 'n': dims: dimension 1 of [2, -1] is negative");
    }

    @Test
    void hugeDims_rejectedWithoutAllocating() {
        assertContains(errorOfGraph(Proto.message().message(5, tensor("h", FLOAT, 1L << 20, 1L << 20)
                .bytes(9, new byte[4]))), "initializer 'h'", "more than 2^31-1 elements");
        assertContains(errorOfGraph(Proto.message().message(5, tensor("h", FLOAT, 1L << 40))), "exceeds 2^31-1");
        // Within the int range but with no data behind it: rejected before any array is sized.
        assertContains(errorOfGraph(Proto.message().message(5, tensor("h", FLOAT, 1 << 29, 3).bytes(9, new byte[8]))),
                "raw_data has 8 bytes, dims [536870912, 3] need 6442450944");
    }

    @Test
    void missingData_rejected() {
        assertContains(errorOfGraph(Proto.message().message(5, tensor("m", FLOAT, 2))), "initializer 'm': has no data");
    }

    @Test
    void twoDataSources_rejected() {
        Proto twoSources = tensor("d", FLOAT, 1).fixed32(4, 1).bytes(9, new byte[4]);
        assertContains(errorOfGraph(Proto.message().message(5, twoSources)),
                "more than one");
    }

    @Test
    void unsupportedDataType_named() {
        assertContains(errorOfGraph(Proto.message().message(5, tensor("s", STRING, 1).string(6, "x"))),
                "initializer 's': data_type 8 (STRING) is not supported");
    }

    @Test
    void duplicateInitializer_rejected() {
        Proto t = OnnxProtos.floatTensorRaw("w", new float[] {1}, 1);
        assertContains(errorOfGraph(Proto.message().message(5, t).message(5, t)), "initializer 'w' appears twice");
    }

    @Test
    void truncatedModel_namesTheField() {
        byte[] valid = Proto.message().varint(1, 8).message(7, OnnxProtos.convReluGraph()).toBytes();
        byte[] cut = java.util.Arrays.copyOf(valid, valid.length - 3);
        assertContains(errorOf(cut), "onnx: model: graph declares", "bytes but only", "(field 7 at byte 2)");
    }

    @Test
    void declaredLengthBeyondMessage_rejected() {
        assertContains(errorOfGraph(Proto.message().declaredLength(1, 1L << 40)),
                "onnx: graph: node declares 1099511627776 bytes but only 0 remain");
        assertContains(errorOf(Proto.message().declaredLength(7, -1L).toBytes()),
                "graph declares 18446744073709551615 bytes");
    }

    @Test
    void malformedVarint_rejected() {
        byte[] bytes = Proto.message().tag(1, 0).raw(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}).toBytes();
        assertContains(errorOf(bytes), "ir_version is a malformed or truncated varint");
    }

    @Test
    void groupWireType_rejected() {
        assertContains(errorOf(Proto.message().tag(5, 3).toBytes()), "wire type 3");
    }

    @Test
    void wrongWireTypeForKnownField_rejected() {
        assertContains(errorOf(Proto.message().string(1, "seven").toBytes()), "ir_version has wire type 2, expected 0");
    }

    @Test
    void noGraph_rejected() {
        assertContains(errorOf(Proto.message().varint(1, 8).toBytes()), "model has no graph");
        assertContains(errorOf(new byte[0]), "model has no graph");
    }

    @Test
    void nodeWithoutOpType_rejected() {
        Proto n = Proto.message().string(1, "x").string(3, "anon");
        assertContains(errorOfGraph(Proto.message().message(1, n)), "node #0 'anon' has no op_type");
    }

    @Test
    void attribute_problems_nameTheNodeAndAttribute() {
        Proto twoValues = node("c", "Conv", new String[] {}, new String[] {},
                Proto.message().string(1, "pads").varint(3, 1).fixed32(2, 1f));
        assertContains(errorOfGraph(Proto.message().message(1, twoValues)),
                "node #0 'c' (Conv) attribute 'pads': has no type field and several values");
        Proto badType = node("c", "Conv", new String[] {}, new String[] {},
                Proto.message().string(1, "p").varint(20, 11));
        assertContains(errorOfGraph(Proto.message().message(1, badType)), "attribute 'p': type 11 (SPARSE_TENSOR)");
        Proto duplicate = node("c", "Conv", new String[] {}, new String[] {},
                Proto.message().string(1, "g").varint(3, 1), Proto.message().string(1, "g").varint(3, 2));
        assertContains(errorOfGraph(Proto.message().message(1, duplicate)), "attribute 'g' appears twice");
        Proto unnamed = node("c", "Conv", new String[] {}, new String[] {}, Proto.message().varint(3, 1));
        assertContains(errorOfGraph(Proto.message().message(1, unnamed)), "an attribute has no name");
        Proto graphless = node("l", "Loop", new String[] {}, new String[] {},
                Proto.message().string(1, "body").varint(20, 5));
        assertContains(errorOfGraph(Proto.message().message(1, graphless)), "type is GRAPH but field g is missing");
    }

    @Test
    void attributeTensor_errorNamesNodeAndAttribute() {
        Proto n = node("k", "Constant", new String[] {}, new String[] {"y"},
                Proto.message().string(1, "value").message(5, tensor("", FLOAT, 4).bytes(9, new byte[3]))
                        .varint(20, 4));
        assertEquals("onnx: node #0 'k' (Constant) attribute 'value' > tensor: raw_data has 3 bytes, dims [4] need 16",
                errorOfGraph(Proto.message().message(1, n)));
    }

    @Test
    void nestedGraphs_deeperThanLimit_rejectedWithoutStackOverflow() {
        Proto graph = Proto.message().message(1, node("leaf", "Identity", new String[] {"a"}, new String[] {"b"}));
        for (int i = 0; i < 200; i++) {
            graph = Proto.message().message(1, node("if" + i, "If", new String[] {"c"}, new String[] {"b"},
                    Proto.message().string(1, "then_branch").message(6, graph).varint(20, 5)));
        }
        assertContains(errorOfGraph(graph), "subgraphs nest deeper than " + OnnxParser.MAX_GRAPH_DEPTH);
    }

    @Test
    void nestedGraphs_withinLimit_parse() {
        Proto graph = Proto.message().message(1, node("leaf", "Identity", new String[] {"a"}, new String[] {"b"}));
        for (int i = 0; i < OnnxParser.MAX_GRAPH_DEPTH - 1; i++) {
            graph = Proto.message().message(1, node("if" + i, "If", new String[] {"c"}, new String[] {"b"},
                    Proto.message().string(1, "then_branch").message(6, graph).varint(20, 5)));
        }
        // The innermost node reads 'a' and every If reads 'c' from the outermost scope.
        graph.message(11, OnnxProtos.valueInfo("a", FLOAT)).message(11, OnnxProtos.valueInfo("c", OnnxProtos.BOOL));
        OnnxModel.parse(model(graph).toBytes());
    }

    @Test
    void invalidUtf8Name_rejected() {
        Proto n = Proto.message().bytes(4, new byte[] {(byte) 0xc3, 0x28});
        assertContains(errorOfGraph(Proto.message().message(1, n)), "op_type is not valid UTF-8");
    }

    @Test
    void negativeDimValue_inValueInfo_readsAsUnknown() {
        Proto graph = Proto.message().message(11, OnnxProtos.valueInfo("x", FLOAT, -1L, 3L));
        assertEquals(java.util.List.of(OnnxDimension.unknown(), OnnxDimension.fixed(3)),
                OnnxModel.parse(model(graph).toBytes()).graph().inputs().get(0).dims());
    }

    @Test
    void packedFloats_lengthNotMultipleOfFour_rejected() {
        assertContains(errorOfGraph(Proto.message().message(5, tensor("p", FLOAT, 1).bytes(4, new byte[5]))),
                "float_data packed length 5 is not a multiple of 4");
    }

    @Test
    void sparseInitializer_rejected() {
        assertContains(errorOfGraph(Proto.message().message(15, Proto.message())),
                "sparse_initializer is not supported");
    }

    @Test
    void duplicateOpset_rejected() {
        Proto bytes = model(OnnxProtos.convReluGraph()).message(8, Proto.message().varint(2, 11));
        assertContains(errorOf(bytes.toBytes()), "domain '' is imported twice");
    }

    @Test
    void externalData_fromMemory_rejected() {
        Proto t = tensor("w", FLOAT, 1).message(13, Proto.message().string(1, "location").string(2, "w.bin"))
                .varint(14, 1);
        assertContains(errorOfGraph(Proto.message().message(5, t)), "initializer 'w': uses external data 'w.bin'",
                "parsed from memory");
    }
}
