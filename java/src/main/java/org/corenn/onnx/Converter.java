package org.corenn.onnx;

import org.corenn.io.OnnxNode;

/** Turns one ONNX node into graph layers (or constants) of the import. */
@FunctionalInterface
interface Converter {
    void convert(OnnxNode node, ImportContext context);
}
