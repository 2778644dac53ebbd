package org.corenn.io;

import java.util.ArrayList;
import java.util.List;

import org.corenn.runtime.CorennException;

/**
 * Reads an ONNX {@code AttributeProto}. Its {@code type} field says which value field is meant; models
 * from before that field existed are typed by the single value field present.
 */
final class OnnxAttributeParser {
    // AttributeProto field numbers (onnx.proto).
    private static final int NAME = 1;
    private static final int F = 2;
    private static final int I = 3;
    private static final int S = 4;
    private static final int T = 5;
    private static final int G = 6;
    private static final int FLOATS = 7;
    private static final int INTS = 8;
    private static final int STRINGS = 9;
    private static final int TENSORS = 10;
    private static final int GRAPHS = 11;
    private static final int TP = 14;
    private static final int TYPE_PROTOS = 15;
    private static final int TYPE = 20;
    private static final int SPARSE_TENSOR = 22;
    private static final int SPARSE_TENSORS = 23;

    /** AttributeType codes, indexed like {@link OnnxAttribute.Kind} (FLOAT = 1 ... STRINGS = 8). */
    private static final OnnxAttribute.Kind[] KINDS_BY_TYPE = {null, OnnxAttribute.Kind.FLOAT,
        OnnxAttribute.Kind.INT, OnnxAttribute.Kind.STRING, OnnxAttribute.Kind.TENSOR, OnnxAttribute.Kind.GRAPH,
        OnnxAttribute.Kind.FLOATS, OnnxAttribute.Kind.INTS, OnnxAttribute.Kind.STRINGS};
    private static final String[] TYPE_NAMES = {"UNDEFINED", "FLOAT", "INT", "STRING", "TENSOR", "GRAPH",
        "FLOATS", "INTS", "STRINGS", "TENSORS", "GRAPHS", "SPARSE_TENSOR", "SPARSE_TENSORS", "TYPE_PROTO",
        "TYPE_PROTOS"};

    private OnnxAttributeParser() {
    }

    /** {@code nodeWhere} names the node ("node #3 'conv1' (Conv)"); {@code depth} is its graph's depth. */
    static OnnxAttribute parse(ProtoReader r, String nodeWhere, ExternalData external, int depth) {
        String name = "";
        int type = 0;
        Float f = null;
        Long i = null;
        String s = null;
        HostArray t = null;
        OnnxGraph g = null;
        LongList floats = new LongList();
        LongList ints = new LongList();
        List<String> strings = new ArrayList<>();
        String unsupportedField = null;
        while (r.next()) {
            String where = nodeWhere + " attribute '" + name + "'";
            switch (r.field()) {
                case NAME: name = r.string("name"); break;
                case TYPE: type = r.int32("type"); break;
                case F: f = r.fixed32Float("f"); break;
                case I: i = r.varint("i"); break;
                case S: s = r.string("s"); break;
                case T:
                    t = OnnxTensorParser.parse(r.message("t", where), where + " > ", "tensor", external).array;
                    break;
                case G:
                    g = OnnxParser.parseGraph(r.message("g", where + " > graph"), where + " > ", external, depth + 1);
                    break;
                case FLOATS: r.floats("floats", floats); break;
                case INTS: r.varints("ints", ints); break;
                case STRINGS: strings.add(r.string("strings")); break;
                case TENSORS: case GRAPHS: case TP: case TYPE_PROTOS: case SPARSE_TENSOR: case SPARSE_TENSORS:
                    unsupportedField = "field " + r.field();
                    r.skip();
                    break;
                default: r.skip(); break;
            }
        }
        String where = "onnx: " + nodeWhere + " attribute '" + name + "'";
        if (name.isEmpty()) {
            throw new CorennException("onnx: " + nodeWhere + ": an attribute has no name");
        }
        OnnxAttribute.Kind kind;
        if (type != 0) {
            if (type < 0 || type >= KINDS_BY_TYPE.length) {
                throw new CorennException(where + ": type " + describeType(type) + " is not supported; expected"
                        + " FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS or STRINGS");
            }
            kind = KINDS_BY_TYPE[type];
        } else {
            kind = inferKind(where, f, i, s, t, g, floats, ints, strings, unsupportedField);
        }
        switch (kind) {
            case FLOAT: return OnnxAttribute.ofFloat(name, f == null ? 0f : f);
            case INT: return OnnxAttribute.ofInt(name, i == null ? 0L : i);
            case STRING: return OnnxAttribute.ofString(name, s == null ? "" : s);
            case TENSOR:
                if (t == null) {
                    throw new CorennException(where + ": type is TENSOR but field t is missing");
                }
                return OnnxAttribute.ofTensor(name, t);
            case GRAPH:
                if (g == null) {
                    throw new CorennException(where + ": type is GRAPH but field g is missing");
                }
                return OnnxAttribute.ofGraph(name, g);
            case FLOATS: {
                float[] values = new float[floats.size()];
                for (int k = 0; k < values.length; k++) {
                    values[k] = Float.intBitsToFloat((int) floats.get(k));
                }
                return OnnxAttribute.ofFloats(name, values);
            }
            case INTS: return OnnxAttribute.ofInts(name, ints.toArray());
            default: return OnnxAttribute.ofStrings(name, strings);
        }
    }

    /** For attributes without a type field: the kind of the one value field present. */
    private static OnnxAttribute.Kind inferKind(String where, Float f, Long i, String s, HostArray t, OnnxGraph g,
            LongList floats, LongList ints, List<String> strings, String unsupportedField) {
        List<OnnxAttribute.Kind> present = new ArrayList<>();
        if (f != null) {
            present.add(OnnxAttribute.Kind.FLOAT);
        }
        if (i != null) {
            present.add(OnnxAttribute.Kind.INT);
        }
        if (s != null) {
            present.add(OnnxAttribute.Kind.STRING);
        }
        if (t != null) {
            present.add(OnnxAttribute.Kind.TENSOR);
        }
        if (g != null) {
            present.add(OnnxAttribute.Kind.GRAPH);
        }
        if (floats.size() > 0) {
            present.add(OnnxAttribute.Kind.FLOATS);
        }
        if (ints.size() > 0) {
            present.add(OnnxAttribute.Kind.INTS);
        }
        if (!strings.isEmpty()) {
            present.add(OnnxAttribute.Kind.STRINGS);
        }
        if (present.size() == 1) {
            return present.get(0);
        }
        if (present.isEmpty() && unsupportedField != null) {
            throw new CorennException(where + ": its value (" + unsupportedField + ") is of an unsupported kind;"
                    + " expected FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS or STRINGS");
        }
        throw new CorennException(where + ": has no type field and " + (present.isEmpty() ? "no value"
                : "several values " + present) + "; cannot tell its kind");
    }

    private static String describeType(int type) {
        return type >= 0 && type < TYPE_NAMES.length ? type + " (" + TYPE_NAMES[type] + ")" : Integer.toString(type);
    }
}
