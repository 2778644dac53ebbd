package org.corenn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import org.corenn.runtime.CorennException;

/**
 * Tensor data an ONNX model keeps in side files ({@code external_data} with location, offset, length).
 * The model is untrusted, so a location must be a relative path that stays inside the model's folder
 * after resolving {@code ..} and symbolic links, and the byte range must lie inside the file.
 */
final class ExternalData {
    private final Path folder;

    private ExternalData(Path folder) {
        this.folder = folder;
    }

    /** For models read from memory: any external reference is an error. */
    static ExternalData none() {
        return new ExternalData(null);
    }

    static ExternalData inFolder(Path folder) {
        return new ExternalData(folder);
    }

    /**
     * The {@code expectedBytes} bytes {@code entries} point to. {@code where} names the tensor and
     * {@code dims} its shape, for messages.
     */
    ByteBuffer read(String where, Map<String, String> entries, long expectedBytes, String dims) {
        String location = entries.get("location");
        if (location == null) {
            throw new CorennException(where + ": external_data has no 'location' entry");
        }
        if (folder == null) {
            throw new CorennException(where + ": uses external data '" + location + "' but the model was parsed"
                    + " from memory; read it from its file so the data can be found beside it");
        }
        Path file = confine(where, location);
        long offset = parseNumber(where, entries, "offset", 0);
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (IOException e) {
            throw new CorennException(where + ": cannot read external data '" + location + "': " + e, e);
        }
        long length = parseNumber(where, entries, "length", -1);
        if (offset > fileSize) {
            throw new CorennException(where + ": external data '" + location + "' offset " + offset
                    + " is past the end of the file (" + fileSize + " bytes)");
        }
        if (length < 0) {
            length = fileSize - offset;
        }
        if (length > fileSize - offset) {
            throw new CorennException(where + ": external data '" + location + "' range [" + offset + ", " + offset
                    + " + " + length + ") is outside the file (" + fileSize + " bytes)");
        }
        if (length != expectedBytes) {
            throw new CorennException(where + ": external data '" + location + "' has " + length + " bytes, dims "
                    + dims + " need " + expectedBytes);
        }
        try (ByteSource source = ByteSource.open(file, where + ": external data '" + location + "'")) {
            return source.read(offset, length, "tensor data");
        } catch (IOException e) {
            throw new CorennException(where + ": cannot read external data '" + location + "': " + e, e);
        }
    }

    /** The real path of {@code location}, or an exception if it could leave the model folder. */
    private Path confine(String where, String location) {
        String quoted = "external data location '" + location + "'";
        if (location.isEmpty() || location.indexOf('\0') >= 0) {
            throw new CorennException(where + ": " + quoted + " is empty or contains a NUL character");
        }
        // Checked on the string as well as the Path so that a Windows-style name is refused on Linux too.
        if (location.startsWith("/") || location.startsWith("\\") || location.matches("^[A-Za-z]:.*")) {
            throw new CorennException(where + ": " + quoted + " is absolute; it must be relative to the model folder");
        }
        for (String segment : location.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new CorennException(where + ": " + quoted + " contains '..' and could escape the model folder");
            }
        }
        Path resolved;
        Path realFolder;
        try {
            resolved = folder.resolve(location).normalize();
            realFolder = folder.toRealPath();
        } catch (InvalidPathException | IOException e) {
            throw new CorennException(where + ": " + quoted + " is not a valid path: " + e.getMessage(), e);
        }
        if (!resolved.startsWith(folder.normalize())) {
            throw new CorennException(where + ": " + quoted + " escapes the model folder");
        }
        Path real;
        try {
            real = resolved.toRealPath();
        } catch (NoSuchFileException e) {
            throw new CorennException(where + ": " + quoted + " does not exist in the model folder " + folder, e);
        } catch (IOException e) {
            throw new CorennException(where + ": " + quoted + " cannot be resolved: " + e, e);
        }
        if (!real.startsWith(realFolder)) {
            throw new CorennException(where + ": " + quoted + " leads through a symbolic link to " + real
                    + ", outside the model folder");
        }
        if (!Files.isRegularFile(real)) {
            throw new CorennException(where + ": " + quoted + " is not a regular file");
        }
        return real;
    }

    /** A non-negative decimal entry ({@code offset}, {@code length}); {@code absent} if it is missing. */
    private static long parseNumber(String where, Map<String, String> entries, String key, long absent) {
        String text = entries.get(key);
        if (text == null) {
            return absent;
        }
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CorennException(where + ": external data " + key + " '" + text
                    + "' must be a non-negative decimal integer below 10^18");
        }
        return Long.parseLong(text);
    }
}
