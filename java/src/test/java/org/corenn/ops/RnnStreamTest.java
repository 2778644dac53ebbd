package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.corenn.runtime.CpuInfo;
import org.corenn.runtime.Options;
import org.corenn.tensor.Tensor;
import org.corenn.testing.IsaLevels;
import org.junit.jupiter.api.Test;

class RnnStreamTest {
    private static final int SEQ = 7;

    private static List<RnnParams> configurations() {
        List<RnnParams> all = new ArrayList<>();
        for (RnnParams.Cell cell : RnnParams.Cell.values()) {
            all.add(RnnParams.of(cell, 5, 8));
            all.add(RnnParams.of(cell, 3, 9).numLayers(2).bias(false));
        }
        all.add(RnnParams.lstm(4, 7).projSize(3).numLayers(2));
        all.add(RnnParams.lstm(5, 9).peepholes(true).numLayers(2));
        all.add(RnnParams.lstm(3, 8).peepholes(true).inputForget(true));
        return all;
    }

    private static float[] slice(float[] v, int from, int count) {
        return Arrays.copyOfRange(v, from, from + count);
    }

    @Test
    void singleStream_oneStepAtATimeAndInChunks_equalsWholeSequenceBitForBit() {
        Random rng = new Random(81);
        for (RnnParams p : configurations()) {
            List<float[]> w = RnnOpTest.weights(p, rng);
            float[] x = RnnOpTest.uniform(rng, SEQ * p.inputSize(), 1);
            int outH = p.outputHidden();
            for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                try (RnnOp op = RnnOp.create(p, w, o); Tensor xt = Tensor.of(x, SEQ, 1, p.inputSize());
                        RnnResult want = op.apply(xt); RnnStream stream = op.newStream();
                        Tensor frame = Tensor.zeros(1, p.inputSize()); Tensor yFrame = Tensor.zeros(1, outH)) {
                    float[] y = new float[SEQ * outH];
                    for (int t = 0; t < SEQ; t++) {
                        frame.copyFrom(slice(x, t * p.inputSize(), p.inputSize()));
                        stream.step(frame, yFrame);
                        System.arraycopy(yFrame.toArray(), 0, y, t * outH, outH);
                    }
                    String what = p + " " + o;
                    assertArrayEquals(want.output().toArray(), y, what + " y");
                    assertArrayEquals(want.hidden().toArray(), stream.hidden(), what + " h");
                    if (want.cell() != null) {
                        assertArrayEquals(want.cell().toArray(), stream.cell(), what + " c");
                    }

                    stream.reset();
                    int split = 3;
                    try (Tensor head = Tensor.of(slice(x, 0, split * p.inputSize()), split, p.inputSize());
                            Tensor tail = Tensor.of(slice(x, split * p.inputSize(), (SEQ - split) * p.inputSize()),
                                    SEQ - split, p.inputSize());
                            Tensor yTail = Tensor.zeros(SEQ - split, outH)) {
                        stream.step(head, null);
                        stream.step(tail, yTail);
                        assertArrayEquals(slice(want.output().toArray(), split * outH, (SEQ - split) * outH),
                                yTail.toArray(), what + " chunked");
                        assertArrayEquals(want.hidden().toArray(), stream.hidden(), what + " chunked h");
                    }
                }
            }
        }
    }

    @Test
    void manyStreams_steppedAsOneBatch_equalWholeSequenceRunBitForBit() {
        Random rng = new Random(82);
        int streams = 3;
        for (RnnParams p : configurations()) {
            List<float[]> w = RnnOpTest.weights(p, rng);
            float[] x = RnnOpTest.uniform(rng, SEQ * streams * p.inputSize(), 1);
            boolean lstm = p.cell() == RnnParams.Cell.LSTM;
            int layers = p.numLayers(), outH = p.outputHidden(), hidden = p.hiddenSize();
            float[] h0 = RnnOpTest.uniform(rng, layers * streams * outH, 0.5);
            float[] c0 = lstm ? RnnOpTest.uniform(rng, layers * streams * hidden, 0.5) : null;
            for (Options o : IsaLevels.everyIsaAndThreadCount()) {
                List<RnnStream> list = new ArrayList<>();
                try (RnnOp op = RnnOp.create(p, w, o); Tensor xt = Tensor.of(x, SEQ, streams, p.inputSize());
                        Tensor h0t = Tensor.of(h0, op.hiddenShape(streams));
                        Tensor c0t = lstm ? Tensor.of(c0, op.cellShape(streams)) : null;
                        RnnResult want = op.apply(xt, null, h0t, c0t);
                        Tensor y = Tensor.zeros(SEQ, streams, outH);
                        Workspace ws = Workspace.allocate(op.stepWorkspaceBytes(SEQ, streams))) {
                    for (int s = 0; s < streams; s++) {
                        RnnStream stream = op.newStream();
                        list.add(stream);
                        float[] h = new float[layers * outH];
                        float[] c = lstm ? new float[layers * hidden] : null;
                        for (int l = 0; l < layers; l++) {
                            System.arraycopy(h0, (l * streams + s) * outH, h, l * outH, outH);
                            if (lstm) {
                                System.arraycopy(c0, (l * streams + s) * hidden, c, l * hidden, hidden);
                            }
                        }
                        stream.reset(h, c);
                    }
                    op.step(list, xt, y, ws);
                    assertArrayEquals(want.output().toArray(), y.toArray(), p + " " + o);
                    float[] hN = want.hidden().toArray();
                    for (int s = 0; s < streams; s++) {
                        float[] h = list.get(s).hidden();
                        for (int l = 0; l < layers; l++) {
                            assertArrayEquals(slice(hN, (l * streams + s) * outH, outH), slice(h, l * outH, outH),
                                    p + " " + o + " stream " + s + " layer " + l);
                        }
                    }
                } finally {
                    list.forEach(RnnStream::close);
                }
            }
        }
    }

    @Test
    void badArguments_throwClearExceptions() {
        Options o = Options.defaults();
        RnnParams p = RnnParams.gru(3, 4);
        RnnParams bi = p.bidirectional(true);
        try (RnnOp op = RnnOp.create(p, RnnOpTest.weights(p, new Random(1)), o);
                RnnOp other = RnnOp.create(p, RnnOpTest.weights(p, new Random(2)), o);
                RnnOp bidirectional = RnnOp.create(bi, RnnOpTest.weights(bi, new Random(3)), o);
                RnnStream a = op.newStream(); RnnStream b = op.newStream(); RnnStream foreign = other.newStream();
                Tensor x = Tensor.zeros(2, 3); Tensor badX = Tensor.zeros(2, 4); Tensor badY = Tensor.zeros(3, 4);
                Tensor batchX = Tensor.zeros(1, 2, 3); Tensor oneX = Tensor.zeros(1, 1, 3)) {
            UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
                    bidirectional::newStream);
            assertTrue(u.getMessage().contains("streaming needs a unidirectional rnn"), u.getMessage());
            IllegalArgumentException xe = assertThrows(IllegalArgumentException.class, () -> a.step(badX, null));
            assertEquals("rnn_stream: x must have shape [steps, 3], got [2, 4]", xe.getMessage());
            IllegalArgumentException ye = assertThrows(IllegalArgumentException.class, () -> a.step(x, badY));
            assertEquals("rnn_stream: y must have shape [2, 4], got [3, 4]", ye.getMessage());
            IllegalArgumentException repeat = assertThrows(IllegalArgumentException.class,
                    () -> op.step(List.of(a, a), batchX, null));
            assertEquals("rnn_step: streams must be distinct, streams[1] repeats streams[0]", repeat.getMessage());
            IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                    () -> op.step(List.of(a, foreign), batchX, null));
            assertEquals("rnn_step: streams[1] was made by another RnnOp", mixed.getMessage());
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> op.step(List.of(a), batchX, null));
            assertEquals("rnn_step: x must have shape [steps, 1, 3], got [1, 2, 3]", shape.getMessage());
            assertThrows(IllegalArgumentException.class, () -> op.step(List.of(), batchX, null));
            assertThrows(IllegalArgumentException.class, () -> a.reset(new float[3], null));
            assertThrows(IllegalArgumentException.class, () -> a.reset(new float[4], new float[4]));
            assertThrows(IllegalArgumentException.class, () -> op.newStream(0));
            a.enter("another call", null, 0);
            try {
                IllegalStateException busy = assertThrows(IllegalStateException.class, () -> a.step(x, null));
                assertEquals("rnn_stream: the stream is in use by another call", busy.getMessage());
                IllegalStateException busyInBatch = assertThrows(IllegalStateException.class,
                        () -> op.step(List.of(b, a), batchX, null));
                assertEquals("rnn_step: streams[1] is in use by another call", busyInBatch.getMessage());
            } finally {
                a.exit();
            }
            b.close();
            IllegalStateException closed = assertThrows(IllegalStateException.class,
                    () -> op.step(List.of(a, b), batchX, null));
            assertEquals("rnn_step: streams[1] is closed", closed.getMessage());
            assertDoesNotThrow(() -> op.step(List.of(a), oneX, null));
        }
    }

    @Test
    void closeTwiceHarmless_useAfterCloseThrows_streamKeepsItsOpAlive_nothingLeaks() {
        long before = CpuInfo.liveNativeAllocations();
        RnnParams p = RnnParams.lstm(2, 3);
        RnnOp op = RnnOp.create(p, RnnOpTest.weights(p, new Random(4)), Options.defaults());
        RnnStream stream = op.newStream(4);
        op.close();
        try (Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2); Tensor y = Tensor.zeros(2, 3)) {
            IllegalStateException opClosed = assertThrows(IllegalStateException.class, () -> stream.step(x, y));
            assertTrue(opClosed.getMessage().contains("is closed"), opClosed.getMessage());
            assertEquals(3, stream.hidden().length);
            stream.close();
            assertDoesNotThrow(stream::close);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> stream.step(x, y));
            assertTrue(e.getMessage().contains("is closed"), e.getMessage());
            assertThrows(IllegalStateException.class, stream::hidden);
            assertThrows(IllegalStateException.class, stream::reset);
        }
        assertEquals(before, CpuInfo.liveNativeAllocations());
    }
}
