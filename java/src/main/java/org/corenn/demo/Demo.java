package org.corenn.demo;

import java.io.IOException;

/** One application of the bundled models, runnable by {@code corenn demo NAME}. */
public interface Demo {
    String name();

    /** One line for {@code corenn demo --list}. */
    String summary();

    void run(DemoContext context) throws IOException;
}
