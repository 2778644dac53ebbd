package org.corenn.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

import org.corenn.runtime.CorennException;

/**
 * An ONNX model read into memory: its header fields, the operator sets it imports and its main graph,
 * with every initializer decoded. Immutable. Reading checks the whole file (lengths, dimensions, data
 * sizes, external-data paths and ranges) and reports any problem as a {@link CorennException} naming
 * the part of the model at fault.
 */
public final class OnnxModel {
    /** The default operator set's domain; "ai.onnx" is an alias for it. */
    public static final String DEFAULT_DOMAIN = "";

    private final long irVersion;
    private final String producerName;
    private final String producerVersion;
    private final String domain;
    private final long modelVersion;
    private final Map<String, Long> opsets;
    private final Map<String, String> metadata;
    private final OnnxGraph graph;

    OnnxModel(long irVersion, String producerName, String producerVersion, String domain, long modelVersion,
            Map<String, Long> opsets, Map<String, String> metadata, OnnxGraph graph) {
        this.irVersion = irVersion;
        this.producerName = producerName;
        this.producerVersion = producerVersion;
        this.domain = domain;
        this.modelVersion = modelVersion;
        this.opsets = Collections.unmodifiableMap(new LinkedHashMap<>(opsets));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.graph = graph;
    }

    /**
     * Reads a model file. External data files are resolved relative to the model's folder and must stay
     * inside it. Content errors throw {@link CorennException}; failing to read the model file itself
     * throws {@link IOException}.
     */
    public static OnnxModel read(Path file) throws IOException {
        Objects.requireNonNull(file, "onnx: file must not be null");
        long size = Files.size(file);
        // Protobuf messages are limited to 2 GiB; larger models keep their weights in external data.
        if (size > ElementCodec.MAX_BUFFER_BYTES) {
            throw new CorennException("onnx: " + file.getFileName() + " has " + size + " bytes, more than the"
                    + " 2 GiB protobuf limit; save large weights as external data");
        }
        Path folder = file.toAbsolutePath().getParent();
        return OnnxParser.parseModel(Files.readAllBytes(file), ExternalData.inFolder(folder));
    }

    /** Parses a model held in memory; a model that refers to external data is rejected. */
    public static OnnxModel parse(byte[] bytes) {
        Objects.requireNonNull(bytes, "onnx: bytes must not be null");
        return OnnxParser.parseModel(bytes, ExternalData.none());
    }

    static String normalizeDomain(String domain) {
        return domain.equals("ai.onnx") ? DEFAULT_DOMAIN : domain;
    }

    public long irVersion() {
        return irVersion;
    }

    /** e.g. "pytorch"; empty if not recorded. */
    public String producerName() {
        return producerName;
    }

    public String producerVersion() {
        return producerVersion;
    }

    /** The model's own namespace (reverse-DNS); empty if not recorded. */
    public String domain() {
        return domain;
    }

    public long modelVersion() {
        return modelVersion;
    }

    /** Imported operator-set versions by domain; the default ONNX domain is "". */
    public Map<String, Long> opsets() {
        return opsets;
    }

    /** The imported version of {@code opsetDomain} ("" or "ai.onnx" for the default set), if any. */
    public OptionalLong opsetVersion(String opsetDomain) {
        Long version = opsets.get(normalizeDomain(opsetDomain));
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }

    /** The model's {@code metadata_props}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    public OnnxGraph graph() {
        return graph;
    }

    @Override
    public String toString() {
        return "onnx model (ir " + irVersion + ", " + producerName + " " + producerVersion + ", opsets " + opsets
                + ", " + graph + ")";
    }
}
