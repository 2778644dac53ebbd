package org.corenn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.corenn.runtime.CorennException;
import org.corenn.tensor.Shape;
import org.junit.jupiter.api.Test;

class OnnxNodeTest {
    private static final OnnxGraph EMPTY = new OnnxGraph("body", List.of(), java.util.Map.of(), List.of(), List.of(),
            List.of());
    private static final OnnxNode CONV = new OnnxNode("conv1", "Conv", "ai.onnx", List.of("x", "w"), List.of("y"),
            List.of(OnnxAttribute.ofInts("pads", new long[] {1, 1, 1, 1}), OnnxAttribute.ofInt("group", 2),
                    OnnxAttribute.ofFloat("alpha", 0.5f), OnnxAttribute.ofString("auto_pad", "NOTSET"),
                    OnnxAttribute.ofFloats("scales", new float[] {2f}),
                    OnnxAttribute.ofTensor("value", HostArray.ofInt64(new long[] {3}, Shape.of(1))),
                    OnnxAttribute.ofGraph("body", EMPTY)));

    @Test
    void typedLookups_presentAndDefaults() {
        assertEquals("", CONV.domain(), "ai.onnx is the default domain");
        assertArrayEquals(new long[] {1, 1, 1, 1}, CONV.intsAttribute("pads", new long[0]));
        assertArrayEquals(new long[] {1, 1}, CONV.intsAttribute("strides", new long[] {1, 1}));
        assertEquals(2, CONV.intAttribute("group", 1));
        assertEquals(1, CONV.intAttribute("missing", 1));
        assertEquals(0.5f, CONV.floatAttribute("alpha", 0.01f));
        assertEquals("NOTSET", CONV.stringAttribute("auto_pad", ""));
        assertArrayEquals(new float[] {2f}, CONV.floatsAttribute("scales", new float[0]));
        assertEquals(3, CONV.tensorAttribute("value").getLong(0));
        assertEquals(EMPTY, CONV.graphAttribute("body"));
    }

    @Test
    void wrongKindOrMissingRequired_namesNodeOpAndAttribute() {
        assertEquals("onnx: node 'conv1' (Conv): attribute 'group' is INT, expected INTS",
                assertThrows(CorennException.class, () -> CONV.intsAttribute("group", new long[0])).getMessage());
        assertEquals("onnx: node 'conv1' (Conv): required attribute 'then_branch' is missing",
                assertThrows(CorennException.class, () -> CONV.graphAttribute("then_branch")).getMessage());
        assertEquals("onnx: attribute 'pads' is INTS, expected FLOAT",
                assertThrows(CorennException.class, () -> CONV.attribute("pads").orElseThrow().asFloat()).getMessage());
    }

    @Test
    void duplicateAttributeNames_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new OnnxNode("n", "Relu", "", List.of(), List.of(),
                List.of(OnnxAttribute.ofInt("a", 1), OnnxAttribute.ofInt("a", 2))));
    }

    @Test
    void toString_readsLikeTheGraph() {
        assertEquals("Conv 'conv1' (x, w) -> (y)", CONV.toString());
    }
}
