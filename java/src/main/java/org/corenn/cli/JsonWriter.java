package org.corenn.cli;

import java.util.Locale;

/**
 * Builds one JSON document by hand (the CLI needs only objects, arrays, strings and numbers, not a
 * library). Commas are placed by tracking whether the current container already has a member.
 */
final class JsonWriter {
    private final StringBuilder json = new StringBuilder();
    private boolean needsComma;

    JsonWriter beginObject() {
        separate();
        json.append('{');
        needsComma = false;
        return this;
    }

    JsonWriter endObject() {
        json.append('}');
        needsComma = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        json.append('[');
        needsComma = false;
        return this;
    }

    JsonWriter endArray() {
        json.append(']');
        needsComma = true;
        return this;
    }

    /** The key of the next member of an object; the value follows with one of the value methods. */
    JsonWriter name(String key) {
        separate();
        string(key);
        json.append(':');
        needsComma = false;
        return this;
    }

    JsonWriter value(String text) {
        separate();
        string(text);
        needsComma = true;
        return this;
    }

    JsonWriter value(long number) {
        separate();
        json.append(number);
        needsComma = true;
        return this;
    }

    /** Shortest exact form (Double.toString is valid JSON); JSON has no NaN or infinity, so those become null. */
    JsonWriter value(double number) {
        separate();
        json.append(Double.isFinite(number) ? Double.toString(number) : "null");
        needsComma = true;
        return this;
    }

    private void separate() {
        if (needsComma) {
            json.append(',');
        }
    }

    private void string(String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
