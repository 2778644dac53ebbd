package org.corenn.internal;

import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * JavaCPP settings shared by every class of this package: one JNI library, {@code jnicorenn}, over
 * {@code corenn.h}. Inheriting the no-LAPACK OpenBLAS preset makes {@code Loader.load} load the
 * OpenBLAS that libcorenn is linked against (and only that one) before libcorenn itself; libgomp is
 * bundled in our classifier jar and preloaded.
 */
@Properties(inherit = openblas_nolapack.class, value = @Platform(
        include = "corenn/corenn.h",
        link = "corenn",
        preload = "gomp@.1",
        library = "jnicorenn"))
public final class CorennPresets {
    private CorennPresets() {
    }
}
