package org.corenn.cli;

import java.nio.file.Path;

import picocli.CommandLine;

/** One {@code --input NAME=FILE.npy} value; the name may be left out for a single-input model. */
record InputFileSpec(String name, Path file) {
    /** Splits at the first '=': file paths may contain one, exported input names do not. */
    static final class Converter implements CommandLine.ITypeConverter<InputFileSpec> {
        @Override
        public InputFileSpec convert(String text) {
            int eq = text.indexOf('=');
            String name = eq < 0 ? null : text.substring(0, eq);
            String file = eq < 0 ? text : text.substring(eq + 1);
            if ((name != null && name.isEmpty()) || file.isEmpty()) {
                throw new CommandLine.TypeConversionException(
                        "expected NAME=FILE.npy (or FILE.npy for a single-input model), got '" + text + "'");
            }
            return new InputFileSpec(name, Path.of(file));
        }
    }
}
