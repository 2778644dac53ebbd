package org.corenn.demo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Development-time tool behind tools/models/train_crnn.py: renders {@code COUNT} lines with
 * {@link TextLineRenderer} from {@code SEED} into {@code DIR/images.u8} (COUNT x 32 x 160 grey bytes,
 * row-major) and {@code DIR/labels.txt} (one text per line).
 *
 * <pre>java -Djava.awt.headless=true -cp java/target/classes:java/target/test-classes \
 *     org.corenn.demo.RenderTextLines DIR COUNT SEED</pre>
 */
public final class RenderTextLines {
    private RenderTextLines() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: RenderTextLines DIR COUNT SEED");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        TextLineRenderer renderer = new TextLineRenderer(Long.parseLong(args[2]));
        try (OutputStream images = new BufferedOutputStream(Files.newOutputStream(dir.resolve("images.u8")), 1 << 20);
             Writer labels = Files.newBufferedWriter(dir.resolve("labels.txt"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                TextLineRenderer.Line line = renderer.next();
                images.write(line.pixels());
                labels.write(line.text());
                labels.write('\n');
            }
        }
    }
}
