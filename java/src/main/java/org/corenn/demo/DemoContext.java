package org.corenn.demo;

import java.io.PrintWriter;
import java.nio.file.Path;

import org.corenn.runtime.Options;

/** Where a demo prints, where it may write pictures, and how it runs models. */
public record DemoContext(PrintWriter out, Path outputDir, Options options) {
}
