package org.corenn.cli;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * A one-line progress bar redrawn in place with '\r' on a terminal. It draws from a preallocated
 * character buffer at most every 100 ms, so a benchmark loop can call {@link #update} after every
 * timed call without allocating.
 */
final class ProgressBar {
    private static final int WIDTH = 40;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter terminal;
    private final char[] line = new char[WIDTH + 8];
    private long nextDraw;

    ProgressBar(PrintWriter terminal) {
        this.terminal = terminal;
    }

    /** Redraws when 100 ms have passed since the last drawing; {@code fraction} is clamped to [0, 1]. */
    void update(double fraction, long nowNanos) {
        if (nowNanos - nextDraw < 0) {
            return;
        }
        nextDraw = nowNanos + REDRAW_NANOS;
        int percent = (int) (Math.min(1, Math.max(0, fraction)) * 100);
        int filled = percent * WIDTH / 100;
        line[0] = '\r';
        line[1] = '[';
        Arrays.fill(line, 2, 2 + filled, '#');
        Arrays.fill(line, 2 + filled, 2 + WIDTH, '.');
        line[2 + WIDTH] = ']';
        line[3 + WIDTH] = ' ';
        line[4 + WIDTH] = percent >= 100 ? '1' : ' ';
        line[5 + WIDTH] = percent >= 10 ? (char) ('0' + percent / 10 % 10) : ' ';
        line[6 + WIDTH] = (char) ('0' + percent % 10);
        line[7 + WIDTH] = '%';
        terminal.write(line, 0, line.length);
        terminal.flush();
    }

    /** Erases the bar so the results start on a clean line. */
    void clear() {
        Arrays.fill(line, ' ');
        line[0] = '\r';
        terminal.write(line, 0, line.length);
        terminal.write('\r');
        terminal.flush();
    }
}
