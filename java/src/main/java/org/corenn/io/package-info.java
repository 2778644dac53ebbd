/**
 * Reading model and data files into host memory, in pure Java.
 *
 * <ul>
 *   <li>{@link org.corenn.io.OnnxModel#read(java.nio.file.Path)}: an ONNX model (protobuf wire format
 *       read with protobuf-java's {@code CodedInputStream}, external data confined to the model's
 *       folder) as an immutable {@link org.corenn.io.OnnxGraph} of {@link org.corenn.io.OnnxNode}s,
 *       initializers and declared inputs and outputs.</li>
 *   <li>{@link org.corenn.io.Safetensors}: PyTorch {@code state_dict}s saved as safetensors, read as an
 *       ordered map of {@link org.corenn.io.HostArray}s and written from one.</li>
 *   <li>{@link org.corenn.io.Npy}: NumPy {@code .npy} arrays, for inputs and outputs.</li>
 * </ul>
 *
 * <p>Files are untrusted input. Every length, offset and dimension is checked against the bytes
 * actually present before anything is allocated from it, nesting is bounded, and every problem is a
 * {@link org.corenn.runtime.CorennException} whose message names the file part, what was expected and
 * what was found. Failing to read a file at all is an {@link java.io.IOException}.
 */
package org.corenn.io;
