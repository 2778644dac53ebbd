package org.corenn.internal;

import org.corenn.runtime.CorennException;

/** Turns a {@code corenn_status} into a Java exception carrying {@code corenn_last_error()}. */
public final class Status {
    private Status() {
    }

    public static void check(int status) {
        if (status == CorennNative.CORENN_OK) {
            return;
        }
        String message = CorennNative.corenn_last_error();
        switch (status) {
            case CorennNative.CORENN_INVALID_ARGUMENT:
                throw new IllegalArgumentException(message);
            case CorennNative.CORENN_OUT_OF_MEMORY:
                throw new CorennException("out of native memory: " + message);
            case CorennNative.CORENN_UNSUPPORTED:
                throw new CorennException("unsupported: " + message);
            default:
                throw new CorennException("internal error in the native library (please report): " + message);
        }
    }
}
