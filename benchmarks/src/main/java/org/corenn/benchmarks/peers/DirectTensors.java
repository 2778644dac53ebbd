package org.corenn.benchmarks.peers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import org.corenn.io.HostArray;

/** ONNX Runtime tensors over direct buffers (ONNX Runtime then uses the memory without copying). */
final class DirectTensors {
    private DirectTensors() {
    }

    static OnnxTensor of(OrtEnvironment environment, HostArray array) throws OrtException {
        float[] values = array.toFloatArray();
        FloatBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        buffer.put(values).rewind();
        int[] dims = array.shape().dims();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        return OnnxTensor.createTensor(environment, buffer, shape);
    }
}
