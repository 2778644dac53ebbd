#include <gtest/gtest.h>

#include <random>

#include "rnn_test_util.h"

namespace corenn::test {
namespace {

// Sizes around the 8-unit tile and primes, 1-3 layers, both directions, batch 1-7 with random
// lengths, with and without initial states and biases, both linear_before_reset modes.
TEST(Gru, randomConfigurations_matchReference_andIdenticalAcrossThreads) {
    std::mt19937 rng(12);
    const int sizes[] = {1, 2, 3, 5, 7, 8, 9, 13, 16, 17, 31};
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    for (int trial = 0; trial < 40; ++trial) {
        RnnProblem p;
        p.desc.cell = CORENN_RNN_GRU;
        p.desc.input_size = sizes[pick(11)];
        p.desc.hidden_size = sizes[pick(11)];
        p.desc.num_layers = 1 + pick(3);
        p.desc.bidirectional = pick(2);
        p.desc.has_bias = pick(2);
        if (pick(2)) p.desc.flags |= CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0;
        p.seq_len = 1 + pick(9);
        p.batch = 1 + pick(7);
        p.varlen = pick(2);
        p.initial_state = pick(2);
        p.text = "random gru trial " + std::to_string(trial) + ": in " + std::to_string(p.desc.input_size) + " h " +
                 std::to_string(p.desc.hidden_size) + " l" + std::to_string(p.desc.num_layers) + " bi" +
                 std::to_string(p.desc.bidirectional) + " lbr0=" + std::to_string(p.desc.flags != 0) + " t" +
                 std::to_string(p.seq_len) + " b" + std::to_string(p.batch);
        check_rnn_problem(p, 2000 + trial);
        if (HasFatalFailure()) return;
    }
}

TEST(Gru, largeBatch_batchedCellsOneAndTwoPass_matchReference) {
    check_rnn_problem(parse_rnn_problem("gru l2t5mb8sic19dhc67 bi varlen state"), 31);
    check_rnn_problem(parse_rnn_problem("gru l1t5mb8sic19dhc67 lbr0 varlen state"), 32);
}

TEST(Gru, onnxGateOrder_equalsPermutedPytorchWeights) {
    for (const char* line : {"gru l2t6mb2sic5dhc10 bi state", "gru l1t6mb2sic5dhc10 lbr0 state"}) {
        const RnnProblem torch = parse_rnn_problem(line);
        RnnProblem onnx = torch;
        onnx.desc.flags |= CORENN_RNN_GATES_ONNX;
        std::mt19937 rng(4);
        const RnnData data = make_rnn_data(torch, rng);
        RnnData permuted = data;
        // Our (r, z, n) blocks rearranged into ONNX's (z, r, h).
        const int order[3] = {1, 0, 2};
        for (size_t t = 0; t < data.tensors.size(); ++t) {
            const size_t block = data.tensors[t].size() / 3;
            for (int g = 0; g < 3; ++g)
                std::copy(data.tensors[t].begin() + order[g] * block, data.tensors[t].begin() + (order[g] + 1) * block,
                          permuted.tensors[t].begin() + g * block);
            permuted.weights[t] = permuted.tensors[t].data();
        }
        for (Isa isa : available_isas()) {
            const RnnResult a = run_rnn(torch, data, isa, 2), b = run_rnn(onnx, permuted, isa, 2);
            EXPECT_EQ(a.y, b.y) << line << " " << isa_name(isa);
            EXPECT_EQ(a.h_n, b.h_n) << line << " " << isa_name(isa);
        }
    }
}

TEST(Gru, linearBeforeReset0_differsFrom1_andClipApplies) {
    const RnnProblem one = parse_rnn_problem("gru l1t6mb2sic5dhc10 state");
    RnnProblem zero = one;
    zero.desc.flags |= CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0;
    std::mt19937 rng(5);
    const RnnData data = make_rnn_data(one, rng);
    EXPECT_NE(run_rnn(one, data, Isa::generic, 1).y, run_rnn(zero, data, Isa::generic, 1).y);
    check_rnn_problem(parse_rnn_problem("gru l1t9mb3sic6dhc11 clip0.3 lbr0 bi varlen"), 33);
}

}  // namespace
}  // namespace corenn::test
