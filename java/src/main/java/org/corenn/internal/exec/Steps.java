package org.corenn.internal.exec;

import org.corenn.internal.Status;

/** Small helpers for steps. */
public final class Steps {
    private Steps() {
    }

    /** Throws the native error of a failed call (a bug: plans validate shapes before running). */
    public static void check(int status) {
        Status.check(status);
    }
}
