package org.corenn.demo;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The eleven ways of writing a date that the bundled date translator reads (the same formats
 * tools/models/train_dates.py generated its training data from), rendered with java.time so the Java
 * side makes its own fresh test dates.
 */
final class DateFormats {
    static final LocalDate FIRST = LocalDate.of(1900, 1, 1);
    static final LocalDate LAST = LocalDate.of(2099, 12, 31);

    private static final List<DateTimeFormatter> FORMATS = List.of(
            "d MMMM yyyy", "MMMM d, yyyy", "EEEE, d MMMM yyyy", "EEE d MMM yyyy", "MMM d yyyy", "dd.MM.yyyy",
            "dd-MMM-yyyy", "yyyy/MM/dd", "MMMM d yyyy", "d MMM. yyyy", "EEEE MMMM d, yyyy").stream()
            .map(p -> DateTimeFormatter.ofPattern(p, Locale.ENGLISH)).toList();

    /** A written date and its ISO 8601 form. */
    record Example(String text, String iso) {
    }

    private DateFormats() {
    }

    static int count() {
        return FORMATS.size();
    }

    /** The date in format {@code format} (0..count()-1) and case 0 as is, 1 lower, 2 upper. */
    static String render(LocalDate date, int format, int letterCase) {
        String text = FORMATS.get(format).format(date);
        return switch (letterCase) {
            case 0 -> text;
            case 1 -> text.toLowerCase(Locale.ROOT);
            case 2 -> text.toUpperCase(Locale.ROOT);
            default -> throw new IllegalArgumentException("letterCase must be 0, 1 or 2, got " + letterCase);
        };
    }

    /** A uniformly random date in [FIRST, LAST], format and case. */
    static Example random(RandomGenerator random) {
        LocalDate date = FIRST.plusDays(random.nextLong(LAST.toEpochDay() - FIRST.toEpochDay() + 1));
        return new Example(render(date, random.nextInt(count()), random.nextInt(3)), date.toString());
    }
}
