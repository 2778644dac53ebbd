package org.corenn.demo;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.corenn.nn.Activation;
import org.corenn.nn.Conv2d;
import org.corenn.nn.ConvLstm2d;
import org.corenn.nn.Graph;
import org.corenn.nn.Permute;
import org.corenn.nn.Reshape;
import org.corenn.nn.Weights;
import org.corenn.runtime.Model;
import org.corenn.runtime.Options;
import org.corenn.tensor.Shape;

/**
 * The ConvLSTM next-frame predictor of tools/models/train_next_frame.py, built with the layer API (ONNX has
 * no ConvLSTM) and loaded from its state_dict ({@code models/next_frame/model.safetensors}):
 *
 * <pre>
 * frames [T, B, 1, 32, 32] -> pixel_unshuffle(2) -> [T, B, 4, 16, 16] -> ConvLSTM(4 -> 16, 5x5) -> h_T
 *        -> conv 3x3 (16 -> 4) -> sigmoid -> pixel_shuffle(2) -> next frame [B, 1, 32, 32]
 * </pre>
 */
public final class NextFrameModel {
    static final String MODEL = "next_frame";
    public static final int INPUT_FRAMES = 10;
    public static final int SIZE = MovingFashionMnist.CANVAS;
    static final int HIDDEN = 16;
    static final int KERNEL = 5;
    static final int HEAD_KERNEL = 3;
    private static final int HALF = SIZE / 2;

    private NextFrameModel() {
    }

    /** Input {@code frames [T, B, 1, 32, 32]} (T and B dynamic), output {@code next [B, 1, 32, 32]}. */
    public static Graph graph() {
        Graph.Builder b = Graph.builder();
        Graph.Value frames = b.input("frames", -1, -1, 1, SIZE, SIZE);
        // pixel_unshuffle: channel i*2+j of cell (h, w) is pixel (2h+i, 2w+j)
        Graph.Value split = b.add("unshuffle_split", new Reshape(0, 0, 1, HALF, 2, HALF, 2), frames);
        Graph.Value moved = b.add("unshuffle", new Permute(0, 1, 2, 4, 6, 3, 5), split);
        Graph.Value cells = b.add("unshuffle_merge", new Reshape(0, 0, 4, HALF, HALF), moved);
        List<Graph.Value> lstm = b.addMulti("convlstm", new ConvLstm2d(HIDDEN, KERNEL).withStates(), cells);
        Graph.Value head = b.add("head", new Conv2d(4, HEAD_KERNEL).padding(HEAD_KERNEL / 2), lstm.get(1));
        Graph.Value probs = b.add("sigmoid", Activation.SIGMOID, head);
        // pixel_shuffle, the inverse of the above
        Graph.Value cellsOut = b.add("shuffle_split", new Reshape(0, 1, 2, 2, HALF, HALF), probs);
        Graph.Value pixels = b.add("shuffle", new Permute(0, 1, 4, 2, 5, 3), cellsOut);
        b.output("next", b.add("shuffle_merge", new Reshape(0, 1, SIZE, SIZE), pixels));
        return b.build();
    }

    /** The bundled trained weights, planned for {@code batch} sequences of 10 frames. */
    public static Model compile(Options options, int batch) throws IOException {
        Weights weights = BundledModels.weights(MODEL);
        return Model.compile(graph(), weights, options,
                Map.of("frames", Shape.of(INPUT_FRAMES, batch, 1, SIZE, SIZE)));
    }
}
