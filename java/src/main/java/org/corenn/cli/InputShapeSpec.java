package org.corenn.cli;

import org.corenn.tensor.Shape;

import picocli.CommandLine;

/** One {@code --shape NAME=1x3x32x32} value; the name may be left out for a single-input model. */
record InputShapeSpec(String name, Shape shape) {
    static final class Converter implements CommandLine.ITypeConverter<InputShapeSpec> {
        @Override
        public InputShapeSpec convert(String text) {
            int eq = text.lastIndexOf('=');
            String name = eq < 0 ? null : text.substring(0, eq);
            String dims = text.substring(eq + 1);
            if (name != null && name.isEmpty()) {
                throw invalid(text);
            }
            String[] parts = dims.split("x", -1);
            int[] sizes = new int[parts.length];
            long elements = 1;
            for (int i = 0; i < parts.length; i++) {
                try {
                    sizes[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw invalid(text);
                }
                elements *= sizes[i];
                if (sizes[i] < 1 || elements > Integer.MAX_VALUE) {
                    throw new CommandLine.TypeConversionException("'" + text
                            + "': every dimension must be at least 1 and the shape must hold fewer than 2^31 elements");
                }
            }
            return new InputShapeSpec(name, Shape.of(sizes));
        }

        private static CommandLine.TypeConversionException invalid(String text) {
            return new CommandLine.TypeConversionException(
                    "expected NAME=DIMS such as input=1x3x32x32 (or DIMS for a single-input model), got '"
                            + text + "'");
        }
    }
}
