package org.corenn.demo;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;

import org.corenn.runtime.CorennException;

/**
 * The language identifier's character tokenizer, the Java twin of {@code encode()} in
 * tools/models/train_langid.py: the text is put in Unicode NFC, each code point becomes its id in the
 * vocabulary (0 = padding, 1 = unknown), the ids are cut at {@code maxLength} and right-padded with 0.
 */
public final class LanguageTokenizer {
    public static final int PADDING = 0;
    public static final int UNKNOWN = 1;

    /** Sorted code points; the code point at index i has id i + 2. */
    private final int[] codePoints;
    private final int maxLength;

    private LanguageTokenizer(int[] codePoints, int maxLength) {
        this.codePoints = codePoints;
        this.maxLength = maxLength;
    }

    /**
     * Reads vocab.txt: lines starting with '#' are comments; the n-th other line is {@code U+XXXX c}, the
     * code point of id n + 2 and the character itself (checked against each other), in increasing order.
     */
    public static LanguageTokenizer parse(byte[] vocabFile, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("language tokenizer: maxLength must be >= 1, got " + maxLength);
        }
        String[] lines = new String(vocabFile, StandardCharsets.UTF_8).split("\n", -1);
        int[] points = new int[lines.length];
        int count = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            int point;
            try {
                point = line.startsWith("U+") && space > 2 ? Integer.parseInt(line.substring(2, space), 16) : -1;
            } catch (NumberFormatException e) {
                point = -1;
            }
            if (point < 0 || point > Character.MAX_CODE_POINT || !line.substring(space + 1).equals(Character.toString(point))) {
                throw new CorennException("language vocabulary line " + (i + 1) + ": expected 'U+XXXX c' with c the "
                        + "character U+XXXX, got '" + line + "'");
            }
            if (count > 0 && point <= points[count - 1]) {
                throw new CorennException("language vocabulary line " + (i + 1) + ": code points must increase, "
                        + line.substring(0, space) + " follows U+" + String.format("%04X", points[count - 1]));
            }
            points[count++] = point;
        }
        if (count == 0) {
            throw new CorennException("language vocabulary: no characters");
        }
        return new LanguageTokenizer(Arrays.copyOf(points, count), maxLength);
    }

    public int maxLength() {
        return maxLength;
    }

    /** Ids 0..vocabularySize()-1, padding and unknown included. */
    public int vocabularySize() {
        return codePoints.length + 2;
    }

    /** The id of one code point (already in NFC). */
    public int id(int codePoint) {
        int at = Arrays.binarySearch(codePoints, codePoint);
        return at >= 0 ? at + 2 : UNKNOWN;
    }

    /** Writes the ids of {@code text} into {@code ids[0..maxLength)} as floats (the model's token input). */
    public void encode(String text, float[] ids) {
        if (text == null) {
            throw new NullPointerException("language tokenizer: text must not be null");
        }
        if (ids == null || ids.length != maxLength) {
            throw new IllegalArgumentException("language tokenizer: ids must have length " + maxLength + ", got "
                    + (ids == null ? "null" : ids.length));
        }
        String normal = Normalizer.normalize(text, Normalizer.Form.NFC);
        int t = 0;
        for (int i = 0; i < normal.length() && t < maxLength; t++) {
            int point = normal.codePointAt(i);
            ids[t] = id(point);
            i += Character.charCount(point);
        }
        Arrays.fill(ids, t, maxLength, PADDING);
    }
}
