package org.corenn.onnx;

import java.util.Map;

import org.corenn.io.DataType;
import org.corenn.io.HostArray;
import org.corenn.io.OnnxAttribute;
import org.corenn.io.OnnxDataTypes;
import org.corenn.io.OnnxNode;
import org.corenn.nn.Concat;
import org.corenn.nn.Gather;
import org.corenn.nn.Permute;
import org.corenn.nn.Reshape;
import org.corenn.nn.Slice;
import org.corenn.tensor.Shape;

/**
 * The shape plumbing torch.onnx.export emits (Shape → Gather → Unsqueeze → Concat → Reshape, zeros
 * for initial states, ...). With known input shapes all of it folds to constants at plan time; what
 * remains at run time is data movement (Transpose, Concat, Slice, Gather).
 */
final class ShapeConverters {
    private ShapeConverters() {
    }

    static void register(Map<String, Converter> table) {
        table.put("Constant", ShapeConverters::constant);
        table.put("Shape", (n, c) -> c.add(n, new ShapeOf(n.intAttribute("start", 0), n.intAttribute("end", Long.MAX_VALUE)),
                c.value(n, n.inputs().get(0))));
        table.put("Gather", (n, c) -> c.add(n, new Gather((int) n.intAttribute("axis", 0)), c.inputs(n, 0, 2)));
        table.put("Unsqueeze", (n, c) -> axes(n, c, true));
        table.put("Squeeze", (n, c) -> axes(n, c, false));
        table.put("Concat", (n, c) -> c.add(n, new Concat((int) n.intAttribute("axis", 0)),
                c.inputs(n, 0, n.inputs().size())));
        table.put("Reshape", ShapeConverters::reshape);
        table.put("Expand", (n, c) -> c.add(n, new Expand(), c.inputs(n, 0, 2)));
        table.put("ConstantOfShape", ShapeConverters::constantOfShape);
        table.put("Slice", ShapeConverters::slice);
        table.put("Transpose", (n, c) -> c.add(n, new Permute(toInts(n.intsAttribute("perm", new long[0]))),
                c.value(n, n.inputs().get(0))));
        table.put("Cast", ShapeConverters::cast);
    }

    private static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.toIntExact(v[i]);
        }
        return out;
    }

    /** Constant nodes become known arrays; a graph constant is made only if something reads them at run time. */
    private static void constant(OnnxNode n, ImportContext c) {
        HostArray value;
        if (n.attribute("value").isPresent()) {
            value = n.tensorAttribute("value");
        } else if (n.attribute("value_float").isPresent()) {
            value = HostArray.ofFloat32(new float[] {n.floatAttribute("value_float", 0)}, Shape.of());
        } else if (n.attribute("value_floats").isPresent()) {
            float[] f = n.floatsAttribute("value_floats", new float[0]);
            value = HostArray.ofFloat32(f, Shape.of(f.length));
        } else if (n.attribute("value_int").isPresent()) {
            value = HostArray.ofInt64(new long[] {n.intAttribute("value_int", 0)}, Shape.of());
        } else if (n.attribute("value_ints").isPresent()) {
            long[] l = n.intsAttribute("value_ints", new long[0]);
            value = HostArray.ofInt64(l, Shape.of(l.length));
        } else {
            throw ImportContext.unsupported(n, "a Constant without a tensor, float(s) or int(s) value");
        }
        c.defineConstant(n.outputs().get(0), value);
    }

    private static void axes(OnnxNode n, ImportContext c, boolean insert) {
        boolean fromInput = n.inputs().size() > 1 && !n.inputs().get(1).isEmpty();
        long[] fixed = fromInput ? null : n.attribute("axes").map(OnnxAttribute::asInts).orElse(null);
        if (fromInput) {
            c.add(n, new AxesReshape(insert, null), c.inputs(n, 0, 2));
        } else {
            c.add(n, new AxesReshape(insert, fixed), c.value(n, n.inputs().get(0)));
        }
    }

    private static void reshape(OnnxNode n, ImportContext c) {
        if (n.intAttribute("allowzero", 0) != 0) {
            throw ImportContext.unsupported(n, "allowzero=1");
        }
        c.add(n, Reshape.fromSecondInput(), c.inputs(n, 0, 2));
    }

    private static void constantOfShape(OnnxNode n, ImportContext c) {
        double value = 0;
        if (n.attribute("value").isPresent()) {
            HostArray v = n.tensorAttribute("value");
            value = v.dataType().isFloatingPoint() ? v.getFloat(0) : v.getLong(0);
        }
        c.add(n, new ConstantOfShape(value), c.value(n, n.inputs().get(0)));
    }

    private static void slice(OnnxNode n, ImportContext c) {
        if (c.opset < 10) {
            long[] starts = n.intsAttribute("starts", new long[0]);
            long[] ends = n.intsAttribute("ends", new long[0]);
            long[] axes = n.attribute("axes").map(OnnxAttribute::asInts).orElse(null);
            c.add(n, new Slice(starts, ends, axes, null), c.value(n, n.inputs().get(0)));
            return;
        }
        int count = (int) n.inputs().stream().filter(s -> !s.isEmpty()).count();
        if (count != n.inputs().size()) {
            throw ImportContext.unsupported(n, "Slice with an omitted optional input followed by a given one");
        }
        c.add(n, Slice.fromInputs(), c.inputs(n, 0, count));
    }

    private static void cast(OnnxNode n, ImportContext c) {
        int to = (int) n.intAttribute("to", 1);
        DataType type = OnnxDataTypes.fromCode(to).orElseThrow(() -> ImportContext.unsupported(n, "Cast to type " + to));
        c.add(n, new Cast(type), c.value(n, n.inputs().get(0)));
    }
}
