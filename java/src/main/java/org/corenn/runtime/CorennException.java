package org.corenn.runtime;

/**
 * A request Corenn cannot serve: an argument the native library rejected, a model file it cannot
 * accept, or a resource it could not get. Messages name the op or layer, the parameter, what was
 * expected and what was given. Invalid arguments caught in Java before any native call throw the
 * standard {@link IllegalArgumentException}, {@link NullPointerException} or
 * {@link IllegalStateException} instead.
 */
public class CorennException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorennException(String message) {
        super(message);
    }

    public CorennException(String message, Throwable cause) {
        super(message, cause);
    }
}
