package org.corenn.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.corenn.runtime.CorennException;

/**
 * Runs one fuzz case and sorts its outcome: it either completes (its own assertions passed), or it is
 * rejected with one of the exceptions the public API documents, carrying a non-empty message. Anything
 * else (another exception, an error, an empty message) fails the test naming the case and its seed.
 */
final class FuzzCase {
    /** A case body; may throw the documented exceptions. */
    interface Body {
        void run() throws Exception;
    }

    private FuzzCase() {
    }

    /** True if the body completed, false if it was rejected with a documented exception. */
    static boolean run(String description, Body body) {
        try {
            body.run();
            return true;
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException | IndexOutOfBoundsException
                | CorennException rejected) {
            if (rejected.getMessage() == null || rejected.getMessage().isBlank()) {
                fail(description + ": " + rejected.getClass().getSimpleName() + " without a message" + trace(rejected));
            }
            return false;
        } catch (AssertionError wrongResult) {
            throw new AssertionError(description + ": " + wrongResult.getMessage(), wrongResult);
        } catch (Throwable unexpected) {
            fail(description + ": expected a result or a documented exception, got" + trace(unexpected));
            return false;
        }
    }

    private static String trace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return "\n" + text;
    }
}
