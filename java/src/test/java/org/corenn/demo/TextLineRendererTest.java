package org.corenn.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextLineRendererTest {
    @Test
    void sameSeed_sameLines_otherSeed_otherLines() {
        List<TextLineRenderer.Line> a = CrnnDemo.render(7, 20);
        List<TextLineRenderer.Line> b = CrnnDemo.render(7, 20);
        List<TextLineRenderer.Line> other = CrnnDemo.render(8, 20);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).text(), b.get(i).text());
            assertArrayEquals(a.get(i).pixels(), b.get(i).pixels(), "line " + i);
            assertEquals(TextLineRenderer.HEIGHT * TextLineRenderer.WIDTH, a.get(i).pixels().length);
        }
        assertNotEquals(a.stream().map(TextLineRenderer.Line::text).toList(),
                other.stream().map(TextLineRenderer.Line::text).toList());
    }

    @Test
    void texts_useTheAlphabet_oneToMaxLengthCharacters() {
        for (TextLineRenderer.Line line : CrnnDemo.render(9, 300)) {
            assertTrue(line.text().length() >= 1 && line.text().length() <= TextLineRenderer.MAX_LENGTH, line.text());
            for (char c : line.text().toCharArray()) {
                assertTrue(TextLineRenderer.ALPHABET.indexOf(c) >= 0, line.text());
            }
        }
    }

    @Test
    void lines_haveInkOnPaper() {
        // Preprocessed, a line has paper near 0 and strokes near 1: some pixels must be dark, most light.
        for (TextLineRenderer.Line line : CrnnDemo.render(11, 20)) {
            int ink = 0;
            for (float v : line.input()) {
                ink += v > 0.5f ? 1 : 0;
            }
            assertTrue(ink >= 10 && ink < line.pixels().length / 2, "'" + line.text() + "' has " + ink + " ink pixels");
        }
    }

    @Test
    void emptyOrNullText_namesTheParameter() {
        TextLineRenderer renderer = new TextLineRenderer(1);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> renderer.render(""));
        assertTrue(empty.getMessage().contains("text"), empty.getMessage());
        NullPointerException none = assertThrows(NullPointerException.class, () -> renderer.render(null));
        assertTrue(none.getMessage().contains("text"), none.getMessage());
    }
}
