package org.corenn.demo;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Synthetic printed text lines for the CRNN demo, drawn with Java2D in the JDK's logical fonts (Serif,
 * SansSerif, Monospaced, Dialog, DialogInput; plain, bold, italic, bold italic), deterministic from a seed.
 *
 * <p>Each line is 1 to {@link #MAX_LENGTH} characters of {@link #ALPHABET} at 19–24 px, with a random paper
 * and ink grey, a horizontal stretch of 0.85–1.1 (squeezed further when the text would not fit), a random
 * horizontal position, ±1.5 px of vertical jitter, a rotation of up to ±2° and Gaussian pixel noise.
 * The sequence of texts depends only on the seed; the pixels also depend on the fonts the JDK finds
 * (on Debian, fontconfig maps the logical fonts to DejaVu Sans, Serif and Sans Mono from
 * {@code fonts-dejavu-core} and {@code fonts-dejavu-extra}, which CI installs).
 *
 * <p>The size range keeps a lowercase letter at the largest size shorter than its capital at the
 * smallest (x-height / cap height is about 0.75 in DejaVu), so a one-letter line such as "o" or "O" is
 * still readable; for the same reason the alphabet leaves out {@code I} and {@code l}, which are the same
 * vertical bar in DejaVu Sans.
 */
public final class TextLineRenderer {
    public static final int HEIGHT = 32;
    public static final int WIDTH = 160;
    public static final int MAX_LENGTH = 10;
    /** Class k of the model is {@code ALPHABET.charAt(k - 1)}; class 0 is the CTC blank. */
    public static final String ALPHABET = "0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNOPQRSTUVWXYZ";

    private static final String[] FAMILIES = {Font.SERIF, Font.SANS_SERIF, Font.MONOSPACED, Font.DIALOG,
        Font.DIALOG_INPUT};
    private static final int[] STYLES = {Font.PLAIN, Font.BOLD, Font.ITALIC, Font.BOLD | Font.ITALIC};
    private static final float MIN_SIZE = 19;
    private static final float MAX_SIZE = 24;
    private static final double MARGIN = 2;

    /** One rendered line: its text and its grey pixels {@code [HEIGHT, WIDTH]} row-major (paper light, ink dark). */
    public record Line(String text, byte[] pixels) {
        /** The model's input: {@code 1 - pixel / 255} (ink near 1, paper near 0), {@code [HEIGHT * WIDTH]}. */
        public float[] input() {
            float[] x = new float[pixels.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = 1f - (pixels[i] & 0xff) / 255f;
            }
            return x;
        }
    }

    private final SplittableRandom random;

    public TextLineRenderer(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next random line. */
    public Line next() {
        int length = 1 + random.nextInt(MAX_LENGTH);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return render(text.toString());
    }

    /** {@code text} in a random font, size, placement and noise drawn from this renderer's seed. */
    public Line render(String text) {
        Objects.requireNonNull(text, "text line renderer: text must not be null");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text line renderer: text must not be empty");
        }
        Font font = new Font(FAMILIES[random.nextInt(FAMILIES.length)], STYLES[random.nextInt(STYLES.length)], 1)
                .deriveFont(MIN_SIZE + (float) random.nextDouble() * (MAX_SIZE - MIN_SIZE));
        int paper = 190 + random.nextInt(66);
        int ink = random.nextInt(90);
        double stretch = 0.85 + 0.25 * random.nextDouble();
        double placement = random.nextDouble();
        double jitter = 3 * random.nextDouble() - 1.5;
        double angle = Math.toRadians(4 * random.nextDouble() - 2);
        double noise = 10 * random.nextDouble();

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(paper, paper, paper));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setFont(font);
            FontRenderContext context = g.getFontRenderContext();
            double advance = font.getStringBounds(text, context).getWidth();
            double scaleX = Math.min(stretch, (WIDTH - 2 * MARGIN) / advance);
            double width = advance * scaleX;
            LineMetrics metrics = font.getLineMetrics(text, context);
            double x = MARGIN + placement * (WIDTH - 2 * MARGIN - width);
            // Centre the font's ascent..descent box, so the baseline (not the ink) is what jitters.
            double baseline = (HEIGHT + metrics.getAscent() - metrics.getDescent()) / 2 + jitter;
            g.rotate(angle, WIDTH / 2.0, HEIGHT / 2.0);
            g.translate(x, baseline);
            g.scale(scaleX, 1);
            g.setColor(new Color(ink, ink, ink));
            g.drawString(text, 0f, 0f);
        } finally {
            g.dispose();
        }
        byte[] pixels = new byte[WIDTH * HEIGHT];
        image.getRaster().getDataElements(0, 0, WIDTH, HEIGHT, pixels);
        for (int i = 0; i < pixels.length; i++) {
            long level = Math.round((pixels[i] & 0xff) + noise * gaussian());
            pixels[i] = (byte) Math.max(0, Math.min(255, level));
        }
        return new Line(text, pixels);
    }

    /** A standard normal sample (Box–Muller) from this renderer's stream. */
    private double gaussian() {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
