package org.corenn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.corenn.runtime.Options;
import org.junit.jupiter.api.Test;

/** ONNX's LSTM extras through RnnOp: peepholes and input_forget, against the Java reference. */
class RnnOpPeepholeTest {
    @Test
    void peepholesAndInputForget_stacksBidirectionalLengthsStates_everyIsaAndThreadCount_matchReference() {
        Random rng = new Random(91);
        RnnParams base = RnnParams.lstm(5, 7);
        RnnOpTest.check(base.peepholes(true), 6, 2, false, true, rng);
        RnnOpTest.check(base.inputForget(true), 5, 3, true, true, rng);
        RnnOpTest.check(base.peepholes(true).inputForget(true).numLayers(2).bidirectional(true), 7, 3, true, true,
                rng);
        RnnOpTest.check(base.peepholes(true).batchFirst(true).bias(false), 4, 2, true, false, rng);
        RnnOpTest.check(RnnParams.lstm(6, 11).peepholes(true).projSize(4).bidirectional(true), 5, 2, true, true, rng);
        // Batches above 4 run the recurrent product as a GEMM, then the same fused cell.
        RnnOpTest.check(RnnParams.lstm(4, 17).peepholes(true).inputForget(true), 5, 6, true, true, rng);
    }

    @Test
    void peepholeWeights_areNamedAndChecked() {
        RnnParams p = RnnParams.lstm(3, 7).peepholes(true).bidirectional(true);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "peephole_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "peephole_l0_reverse"), p.weightNames());
        assertEquals("lstm(3, 7, bidirectional, peepholes, input_forget)", p.inputForget(true).toString());
        Options o = Options.defaults();
        List<float[]> w = RnnOpTest.weights(p, new Random(92));
        List<float[]> wrong = new ArrayList<>(w);
        wrong.set(9, new float[20]);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> RnnOp.create(p, wrong, o));
        assertEquals("rnn: weight 'peephole_l0_reverse' must have shape [21] = 21 values, got 20", size.getMessage());
        Map<String, float[]> byName = new LinkedHashMap<>();
        for (int i = 0; i < w.size(); i++) {
            byName.put(p.weightNames().get(i), w.get(i));
        }
        byName.remove("peephole_l0");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RnnOp.create(p, byName, o));
        assertEquals("rnn: missing weight 'peephole_l0' [21] for lstm(3, 7, bidirectional, peepholes)",
                missing.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> RnnOp.create(p, w.subList(0, 8), o));
        assertTrue(count.getMessage().startsWith("rnn: weights must have 10 arrays"), count.getMessage());
        IllegalArgumentException gru = assertThrows(IllegalArgumentException.class,
                () -> RnnParams.gru(3, 7).peepholes(true));
        assertEquals("rnn: peepholes needs an LSTM, got GRU", gru.getMessage());
        IllegalArgumentException rnn = assertThrows(IllegalArgumentException.class,
                () -> RnnParams.rnnTanh(3, 7).inputForget(true));
        assertEquals("rnn: inputForget needs an LSTM, got RNN_TANH", rnn.getMessage());
    }
}
