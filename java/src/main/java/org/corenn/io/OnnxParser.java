package org.corenn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.corenn.runtime.CorennException;

/**
 * Reads ONNX's ModelProto, GraphProto, NodeProto and ValueInfoProto from the protobuf wire format.
 * Field numbers come from the ONNX specification (onnx.proto); fields Corenn does not use are skipped.
 * Subgraphs (If/Loop/Scan bodies) recurse, so their nesting is limited.
 */
final class OnnxParser {
    /** Real models nest a few levels (a Loop inside an If); deeper nesting is hostile input. */
    static final int MAX_GRAPH_DEPTH = 32;

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOMAIN = 4;
    private static final int MODEL_VERSION = 5;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // OperatorSetIdProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    // StringStringEntryProto
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_ELEM_TYPE = 1;
    private static final int TENSOR_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private OnnxParser() {
    }

    static OnnxModel parseModel(byte[] bytes, ExternalData external) {
        ProtoReader r = ProtoReader.of(bytes, "model");
        long irVersion = 0;
        long modelVersion = 0;
        String producerName = "";
        String producerVersion = "";
        String domain = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        OnnxGraph graph = null;
        while (r.next()) {
            switch (r.field()) {
                case MODEL_IR_VERSION: irVersion = r.varint("ir_version"); break;
                case MODEL_PRODUCER_NAME: producerName = r.string("producer_name"); break;
                case MODEL_PRODUCER_VERSION: producerVersion = r.string("producer_version"); break;
                case MODEL_DOMAIN: domain = r.string("domain"); break;
                case MODEL_VERSION: modelVersion = r.varint("model_version"); break;
                case MODEL_GRAPH:
                    if (graph != null) {
                        throw r.error("graph", "appears twice");
                    }
                    graph = parseGraph(r.message("graph", "graph"), "", external, 1);
                    break;
                case MODEL_OPSET_IMPORT:
                    readOpset(r.message("opset_import", "opset_import #" + opsets.size()), opsets);
                    break;
                case MODEL_METADATA_PROPS: readEntry(r.message("metadata_props", "metadata_props"), metadata); break;
                default: r.skip(); break;
            }
        }
        if (graph == null) {
            throw new CorennException("onnx: model has no graph (ModelProto field 7); is this an ONNX model file?");
        }
        OnnxGraphValidator.validate(graph);
        return new OnnxModel(irVersion, producerName, producerVersion, domain, modelVersion, opsets, metadata, graph);
    }

    private static void readOpset(ProtoReader r, Map<String, Long> opsets) {
        String domain = "";
        long version = 0;
        while (r.next()) {
            switch (r.field()) {
                case OPSET_DOMAIN: domain = r.string("domain"); break;
                case OPSET_VERSION: version = r.varint("version"); break;
                default: r.skip(); break;
            }
        }
        domain = OnnxModel.normalizeDomain(domain);
        if (opsets.put(domain, version) != null) {
            throw new CorennException("onnx: " + r.where() + ": domain '" + domain + "' is imported twice");
        }
    }

    /** Reads a StringStringEntryProto into {@code into}; a repeated key is an error. */
    static void readEntry(ProtoReader r, Map<String, String> into) {
        String key = "";
        String value = "";
        while (r.next()) {
            switch (r.field()) {
                case ENTRY_KEY: key = r.string("key"); break;
                case ENTRY_VALUE: value = r.string("value"); break;
                default: r.skip(); break;
            }
        }
        if (into.put(key, value) != null) {
            throw new CorennException("onnx: " + r.where() + ": key '" + key + "' appears twice");
        }
    }

    /**
     * Reads a GraphProto. {@code prefix} locates a subgraph ("node 'loop' attribute 'body' > ") and is
     * empty for the main graph, so its messages read "initializer 'w': ...".
     */
    static OnnxGraph parseGraph(ProtoReader r, String prefix, ExternalData external, int depth) {
        if (depth > MAX_GRAPH_DEPTH) {
            throw new CorennException("onnx: " + prefix + "graph: subgraphs nest deeper than " + MAX_GRAPH_DEPTH
                    + " levels");
        }
        String name = "";
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, HostArray> initializers = new LinkedHashMap<>();
        List<OnnxValueInfo> inputs = new ArrayList<>();
        List<OnnxValueInfo> outputs = new ArrayList<>();
        List<OnnxValueInfo> valueInfo = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case GRAPH_NODE: {
                    String where = prefix + "node #" + nodes.size();
                    nodes.add(parseNode(r.message("node", where), where, external, depth));
                    break;
                }
                case GRAPH_NAME: name = r.string("name"); break;
                case GRAPH_INITIALIZER: {
                    String where = prefix + "initializer #" + initializers.size();
                    OnnxTensorParser.Named tensor = OnnxTensorParser.parse(r.message("initializer", where), prefix,
                            "initializer", external);
                    if (initializers.put(tensor.name, tensor.array) != null) {
                        throw new CorennException("onnx: " + prefix + "initializer '" + tensor.name
                                + "' appears twice");
                    }
                    break;
                }
                case GRAPH_INPUT:
                    inputs.add(parseValueInfo(r.message("input", prefix + "input #" + inputs.size())));
                    break;
                case GRAPH_OUTPUT:
                    outputs.add(parseValueInfo(r.message("output", prefix + "output #" + outputs.size())));
                    break;
                case GRAPH_VALUE_INFO:
                    valueInfo.add(parseValueInfo(r.message("value_info", prefix + "value_info #" + valueInfo.size())));
                    break;
                case GRAPH_SPARSE_INITIALIZER:
                    throw r.error("sparse_initializer", "is not supported; export with dense initializers");
                default: r.skip(); break;
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs, valueInfo);
    }

    private static OnnxNode parseNode(ProtoReader r, String where, ExternalData external, int depth) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<OnnxAttribute> attributes = new ArrayList<>();
        String name = "";
        String opType = "";
        String domain = "";
        while (r.next()) {
            switch (r.field()) {
                case NODE_INPUT: inputs.add(r.string("input")); break;
                case NODE_OUTPUT: outputs.add(r.string("output")); break;
                case NODE_NAME: name = r.string("name"); break;
                case NODE_OP_TYPE: opType = r.string("op_type"); break;
                case NODE_DOMAIN: domain = r.string("domain"); break;
                case NODE_ATTRIBUTE: {
                    // Writers emit name and op_type (fields 3, 4) before attributes (5), so messages can use them.
                    String nodeWhere = where + (name.isEmpty() ? "" : " '" + name + "'")
                            + (opType.isEmpty() ? "" : " (" + opType + ")");
                    ProtoReader attribute = r.message("attribute", nodeWhere + " attribute #" + attributes.size());
                    attributes.add(OnnxAttributeParser.parse(attribute, nodeWhere, external, depth));
                    break;
                }
                default: r.skip(); break;
            }
        }
        if (opType.isEmpty()) {
            throw new CorennException("onnx: " + where + (name.isEmpty() ? "" : " '" + name + "'") + " has no op_type");
        }
        try {
            return new OnnxNode(name, opType, domain, inputs, outputs, attributes);
        } catch (IllegalArgumentException e) {
            throw new CorennException("onnx: " + where + ": " + e.getMessage());
        }
    }

    private static OnnxValueInfo parseValueInfo(ProtoReader r) {
        String name = "";
        boolean tensor = false;
        int elementType = 0;
        List<OnnxDimension> dims = new ArrayList<>();
        boolean hasShape = false;
        while (r.next()) {
            if (r.field() == VALUE_NAME) {
                name = r.string("name");
            } else if (r.field() == VALUE_TYPE) {
                ProtoReader type = r.message("type", r.where() + " type");
                while (type.next()) {
                    if (type.field() != TYPE_TENSOR) {
                        type.skip();
                        continue;
                    }
                    tensor = true;
                    ProtoReader tensorType = type.message("tensor_type", r.where() + " tensor_type");
                    while (tensorType.next()) {
                        if (tensorType.field() == TENSOR_ELEM_TYPE) {
                            elementType = tensorType.int32("elem_type");
                        } else if (tensorType.field() == TENSOR_SHAPE) {
                            hasShape = true;
                            dims.clear();
                            readShape(tensorType.message("shape", r.where() + " shape"), dims);
                        } else {
                            tensorType.skip();
                        }
                    }
                }
            } else {
                r.skip();
            }
        }
        return new OnnxValueInfo(name, tensor, elementType, dims, hasShape);
    }

    private static void readShape(ProtoReader r, List<OnnxDimension> dims) {
        while (r.next()) {
            if (r.field() != SHAPE_DIM) {
                r.skip();
                continue;
            }
            ProtoReader dim = r.message("dim", r.where() + " dim " + dims.size());
            OnnxDimension value = OnnxDimension.unknown();
            while (dim.next()) {
                if (dim.field() == DIM_VALUE) {
                    long size = dim.varint("dim_value");
                    // Declared shapes only describe; nothing is sized from them. Some converters write -1
                    // for "unknown", so a negative size is read as that rather than rejecting the model.
                    value = size >= 0 ? OnnxDimension.fixed(size) : OnnxDimension.unknown();
                } else if (dim.field() == DIM_PARAM) {
                    value = OnnxDimension.symbolic(dim.string("dim_param"));
                } else {
                    dim.skip();
                }
            }
            dims.add(value);
        }
    }
}
