package org.corenn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.corenn.runtime.CorennException;
import org.junit.jupiter.api.Test;

class JsonParserTest {
    private static Object parse(String text) {
        return JsonParser.parse(text, "test", 8);
    }

    private static String errorOf(String text) {
        return assertThrows(CorennException.class, () -> parse(text)).getMessage();
    }

    @Test
    void values_everyKind() {
        Map<?, ?> map = (Map<?, ?>) parse(" {\"s\": \"a\\u00e9\\n\\\"\", \"t\": true, \"f\": false, \"n\": null,"
                + " \"a\": [1, -2.5e3, {}], \"o\": {\"k\": []}} ");
        assertEquals("a\u00e9\n\"", map.get("s"));
        assertEquals(Boolean.TRUE, map.get("t"));
        assertEquals(Boolean.FALSE, map.get("f"));
        assertEquals(JsonParser.NULL, map.get("n"));
        List<?> array = (List<?>) map.get("a");
        assertEquals(1L, ((JsonParser.Number) array.get(0)).asLong());
        assertNull(((JsonParser.Number) array.get(1)).asLong());
        assertEquals(List.of("s", "t", "f", "n", "a", "o"), List.copyOf(map.keySet()));
    }

    @Test
    void numbers_exactIntegersOnly() {
        assertEquals(Long.MAX_VALUE, ((JsonParser.Number) parse("9223372036854775807")).asLong());
        assertEquals(Long.MIN_VALUE, ((JsonParser.Number) parse("-9223372036854775808")).asLong());
        assertNull(((JsonParser.Number) parse("9223372036854775808")).asLong());
        assertNull(((JsonParser.Number) parse("1e999999999")).asLong());
    }

    @Test
    void invalidJson_rejectedWithPosition() {
        assertTrue(errorOf("{\"a\" 1}").contains("expected ':' at character 5"));
        assertTrue(errorOf("[1,]").contains("expected a value"));
        assertTrue(errorOf("01").contains("unexpected text after the JSON value"));
        assertTrue(errorOf("\"a\tb\"").contains("control character"));
        assertTrue(errorOf("\"\\x\"").contains("invalid escape"));
        assertTrue(errorOf("\"\\u12zz\"").contains("invalid hex digit"));
        assertTrue(errorOf("\"\\u12\"").contains("truncated \\u escape"));
        assertTrue(errorOf("tru").contains("expected a value"));
        assertTrue(errorOf("-").contains("expected a digit"));
        assertTrue(errorOf("1.").contains("expected a digit after '.'"));
        assertTrue(errorOf("\"abc").contains("unterminated string"));
        assertTrue(errorOf("[[[[[[[[[1]]]]]]]]]").contains("nesting deeper than 8 levels"));
        assertTrue(errorOf("").contains("expected a value"));
    }
}
