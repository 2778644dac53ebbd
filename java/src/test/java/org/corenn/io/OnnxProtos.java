package org.corenn.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds ONNX messages with the field numbers of onnx.proto, for tests. */
final class OnnxProtos {
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int INT16 = 5;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int STRING = 8;
    static final int BOOL = 9;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;
    static final int BFLOAT16 = 16;

    private OnnxProtos() {
    }

    static Proto model(Proto graph) {
        return Proto.message().varint(1, 8).string(2, "test").string(3, "0.1")
                .message(7, graph)
                .message(8, Proto.message().string(1, "").varint(2, 13));
    }

    /** TensorProto with dims and data_type; add data fields to the result. */
    static Proto tensor(String name, int dataType, long... dims) {
        Proto tensor = Proto.message();
        for (long dim : dims) {
            tensor.varint(1, dim);
        }
        return tensor.varint(2, dataType).string(8, name);
    }

    static Proto floatTensorRaw(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putFloat(value);
        }
        return tensor(name, FLOAT, dims).bytes(9, raw.array());
    }

    static Proto node(String name, String opType, String[] inputs, String[] outputs, Proto... attributes) {
        Proto node = Proto.message();
        for (String input : inputs) {
            node.string(1, input);
        }
        for (String output : outputs) {
            node.string(2, output);
        }
        node.string(3, name).string(4, opType);
        for (Proto attribute : attributes) {
            node.message(5, attribute);
        }
        return node;
    }

    /** ValueInfoProto of a tensor; each dim is a Long (dim_value) or a String (dim_param). */
    static Proto valueInfo(String name, int elemType, Object... dims) {
        Proto shape = Proto.message();
        for (Object dim : dims) {
            Proto dimension = dim instanceof String ? Proto.message().string(2, (String) dim)
                    : Proto.message().varint(1, ((Number) dim).longValue());
            shape.message(1, dimension);
        }
        Proto tensorType = Proto.message().varint(1, elemType).message(2, shape);
        return Proto.message().string(1, name).message(2, Proto.message().message(1, tensorType));
    }

    /** A Conv + Relu graph with one raw float initializer: the base of many tests. */
    static Proto convReluGraph() {
        float[] weight = new float[2 * 1 * 3 * 3];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = i * 0.5f;
        }
        return Proto.message()
                .message(1, node("conv1", "Conv", new String[] {"x", "w"}, new String[] {"c"},
                        Proto.message().string(1, "kernel_shape").packedVarints(8, 3, 3).varint(20, 7),
                        Proto.message().string(1, "group").varint(3, 1).varint(20, 2)))
                .message(1, node("relu1", "Relu", new String[] {"c"}, new String[] {"y"}))
                .string(2, "main")
                .message(5, floatTensorRaw("w", weight, 2, 1, 3, 3))
                .message(11, valueInfo("x", FLOAT, "batch", 1L, 5L, 5L))
                .message(12, valueInfo("y", FLOAT, "batch", 2L, 3L, 3L));
    }
}
