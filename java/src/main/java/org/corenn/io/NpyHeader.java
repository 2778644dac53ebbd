package org.corenn.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.corenn.runtime.CorennException;

/**
 * The dictionary in a .npy header, a Python literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}. The parser accepts exactly the
 * subset NumPy writes (quoted strings, True/False, tuples of non-negative integers) and the three keys
 * NumPy requires, nothing else.
 */
final class NpyHeader {
    private static final String WHERE = "npy: header";

    final DataType dataType;
    final ByteOrder order;
    final long[] dims;

    private NpyHeader(DataType dataType, ByteOrder order, long[] dims) {
        this.dataType = dataType;
        this.order = order;
        this.dims = dims;
    }

    static NpyHeader parse(String text) {
        Map<String, Object> dict = new Parser(text).parseDict();
        for (String key : dict.keySet()) {
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw new CorennException(WHERE + ": unexpected key '" + key
                        + "'; expected only 'descr', 'fortran_order' and 'shape'");
            }
        }
        Object descr = require(dict, "descr", String.class, "a string such as '<f4'");
        Object fortran = require(dict, "fortran_order", Boolean.class, "True or False");
        Object shape = require(dict, "shape", long[].class, "a tuple of integers");
        if ((Boolean) fortran) {
            throw new CorennException(WHERE + ": fortran_order is True; only C-order arrays are supported"
                    + " (save with np.ascontiguousarray(a) first)");
        }
        String d = (String) descr;
        return new NpyHeader(dataTypeOf(d), orderOf(d), (long[]) shape);
    }

    private static Object require(Map<String, Object> dict, String key, Class<?> type, String expected) {
        Object value = dict.get(key);
        if (value == null) {
            throw new CorennException(WHERE + ": key '" + key + "' is missing");
        }
        if (!type.isInstance(value)) {
            throw new CorennException(WHERE + ": '" + key + "' must be " + expected + ", got " + describe(value));
        }
        return value;
    }

    private static String describe(Object value) {
        if (value instanceof long[]) {
            return "a tuple";
        }
        return value instanceof String ? "'" + value + "'" : value.toString();
    }

    private static DataType dataTypeOf(String descr) {
        if (descr.length() != 3) {
            throw unsupportedDescr(descr);
        }
        switch (descr.substring(1)) {
            case "f2": return DataType.FLOAT16;
            case "f4": return DataType.FLOAT32;
            case "f8": return DataType.FLOAT64;
            case "i1": return DataType.INT8;
            case "u1": return DataType.UINT8;
            case "i2": return DataType.INT16;
            case "i4": return DataType.INT32;
            case "i8": return DataType.INT64;
            case "b1": return DataType.BOOL;
            default: throw unsupportedDescr(descr);
        }
    }

    private static ByteOrder orderOf(String descr) {
        char order = descr.charAt(0);
        if (order == '<' || (order == '|' && descr.charAt(2) == '1')) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (order == '>') {
            return ByteOrder.BIG_ENDIAN;
        }
        throw unsupportedDescr(descr);
    }

    private static CorennException unsupportedDescr(String descr) {
        return new CorennException(WHERE + ": descr '" + descr + "' is not supported; expected a byte order"
                + " ('<', '>', or '|' for one-byte types) and one of f2, f4, f8, i1, u1, i2, i4, i8, b1");
    }

    /** The header text NumPy would write for a C-order array (before padding). */
    static String format(String descr, int[] dims) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            shape.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        shape.append(dims.length == 1 ? ",)" : ")");
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    /** Recursive descent over the Python literal; nesting is at most dict > tuple, so no depth limit is needed. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Map<String, Object> parseDict() {
            expect('{');
            Map<String, Object> dict = new HashMap<>();
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                int keyAt = pos;
                String key = parseString();
                expect(':');
                Object value = parseValue();
                if (dict.put(key, value) != null) {
                    throw error("key '" + key + "' appears twice", keyAt);
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'", pos);
                }
            }
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected text after the dictionary", pos);
            }
            return dict;
        }

        private Object parseValue() {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') {
                return parseString();
            }
            if (c == '(') {
                return parseTuple();
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("expected a string, a tuple, True or False", pos);
        }

        private long[] parseTuple() {
            expect('(');
            List<Long> values = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                values.add(parseDimension());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape tuple", pos);
                }
            }
            long[] result = new long[values.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = values.get(i);
            }
            return result;
        }

        private long parseDimension() {
            int start = pos;
            if (peek() == '-') {
                throw error("shape dimensions must be >= 0", pos);
            }
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            // NumPy's writers under Python 2 appended L to long integers.
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++;
            }
            if (digits.isEmpty()) {
                throw error("expected an integer in the shape tuple", start);
            }
            if (digits.length() > 18) {
                throw error("shape dimension " + digits + " is too large", start);
            }
            return Long.parseLong(digits);
        }

        private String parseString() {
            skipSpace();
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string", pos);
            }
            int start = ++pos;
            while (pos < text.length() && text.charAt(pos) != quote) {
                if (text.charAt(pos) == '\\') {
                    throw error("escape sequences are not expected in a header string", pos);
                }
                pos++;
            }
            if (pos == text.length()) {
                throw error("unterminated string", start - 1);
            }
            return text.substring(start, pos++);
        }

        private void expect(char c) {
            skipSpace();
            if (peek() != c) {
                throw error("expected '" + c + "'", pos);
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private CorennException error(String what, int at) {
            String found = at < text.length() ? "'" + text.charAt(at) + "'" : "the end";
            return new CorennException(WHERE + ": " + what + " at character " + at + ", found " + found
                    + " in " + abbreviate(text));
        }

        private static String abbreviate(String text) {
            return text.length() <= 120 ? text : text.substring(0, 120) + "...";
        }
    }
}
