package org.corenn.nn;

import org.corenn.tensor.Shape;

/** NumPy broadcasting: the result shape, and for each output element the input element it reads. */
public final class Broadcast {
    private Broadcast() {
    }

    public static Shape shape(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dim(i - (rank - a.rank()));
            int db = i < rank - b.rank() ? 1 : b.dim(i - (rank - b.rank()));
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " do not broadcast");
            }
            dims[i] = da == 1 ? db : da;
        }
        return Shape.of(dims);
    }

    /** For every flat index of {@code out}, the flat index of {@code in} broadcast to it. */
    public static int[] indexMap(Shape in, Shape out) {
        int rank = out.rank();
        int offset = rank - in.rank();
        int[] map = new int[out.size()];
        int[] coord = new int[rank];
        for (int i = 0; i < map.length; i++) {
            int flat = 0;
            for (int d = offset; d < rank; d++) {
                int dim = in.dim(d - offset);
                flat = flat * dim + (dim == 1 ? 0 : coord[d]);
            }
            map[i] = flat;
            for (int d = rank - 1; d >= 0; d--) {
                if (++coord[d] < out.dim(d)) {
                    break;
                }
                coord[d] = 0;
            }
        }
        return map;
    }
}
