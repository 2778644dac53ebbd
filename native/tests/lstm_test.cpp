#include <gtest/gtest.h>

#include <random>

#include "rnn_test_util.h"

namespace corenn::test {
namespace {

TEST(RnnList, everyListedProblem_everyIsaAndThreadCount_matchesReference) {
    const std::vector<RnnProblem> problems = read_rnn_list(rnn_list_path());
    ASSERT_GE(problems.size(), 10u);
    uint32_t seed = 100;
    for (RnnProblem p : problems) {
        // The list also holds benchmark sizes; the test keeps each one's shape but fewer steps.
        if (static_cast<int64_t>(p.seq_len) * p.batch * p.desc.hidden_size > 20000) p.seq_len = 3;
        check_rnn_problem(p, seed++);
        if (HasFatalFailure()) return;
    }
}

// Sizes around the 8-unit tile and primes, 1-3 layers, both directions, batch 1-7 with random
// lengths, with and without initial states, biases and projection.
TEST(Lstm, randomConfigurations_matchReference_andIdenticalAcrossThreads) {
    std::mt19937 rng(11);
    const int sizes[] = {1, 2, 3, 5, 7, 8, 9, 13, 16, 17, 31};
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    for (int trial = 0; trial < 40; ++trial) {
        RnnProblem p;
        p.desc.cell = CORENN_RNN_LSTM;
        p.desc.input_size = sizes[pick(11)];
        p.desc.hidden_size = sizes[pick(11)];
        p.desc.num_layers = 1 + pick(3);
        p.desc.bidirectional = pick(2);
        p.desc.has_bias = pick(2);
        p.desc.proj_size = p.desc.hidden_size > 1 && pick(3) == 0 ? 1 + pick(p.desc.hidden_size - 1) : 0;
        p.seq_len = 1 + pick(9);
        p.batch = 1 + pick(7);
        p.varlen = pick(2);
        p.initial_state = pick(2);
        p.text = "random lstm trial " + std::to_string(trial) + ": in " + std::to_string(p.desc.input_size) + " h " +
                 std::to_string(p.desc.hidden_size) + " proj " + std::to_string(p.desc.proj_size) + " l" +
                 std::to_string(p.desc.num_layers) + " bi" + std::to_string(p.desc.bidirectional) + " t" +
                 std::to_string(p.seq_len) + " b" + std::to_string(p.batch);
        check_rnn_problem(p, 1000 + trial);
        if (HasFatalFailure()) return;
    }
}

// Batches above the GEMV limit take the batched cells; hidden sizes past 64 span several thread shares.
TEST(Lstm, largeBatchPath_manyTiles_matchesReference) {
    check_rnn_problem(parse_rnn_problem("lstm l2t6mb9sic20dhc70 bi varlen state"), 7);
    check_rnn_problem(parse_rnn_problem("lstm l1t5mb6sic12dhc130dic33 state"), 8);
}

TEST(Lstm, onnxGateOrder_equalsPermutedPytorchWeights) {
    RnnProblem torch = parse_rnn_problem("lstm l2t7mb3sic6dhc9 bi state");
    RnnProblem onnx = torch;
    onnx.desc.flags |= CORENN_RNN_GATES_ONNX;
    std::mt19937 rng(3);
    const RnnData data = make_rnn_data(torch, rng);
    RnnData permuted = data;
    // Our (i, f, g, o) blocks rearranged into ONNX's (i, o, f, c); every tensor but w_hr has 4 blocks.
    const int H = torch.desc.hidden_size, order[4] = {0, 3, 1, 2};
    for (size_t t = 0; t < data.tensors.size(); ++t) {
        const size_t block = data.tensors[t].size() / 4;
        for (int g = 0; g < 4; ++g)
            std::copy(data.tensors[t].begin() + order[g] * block, data.tensors[t].begin() + (order[g] + 1) * block,
                      permuted.tensors[t].begin() + g * block);
        permuted.weights[t] = permuted.tensors[t].data();
    }
    ASSERT_EQ(data.tensors[0].size() % (4 * H), 0u);
    for (Isa isa : available_isas()) {
        const RnnResult a = run_rnn(torch, data, isa, 1), b = run_rnn(onnx, permuted, isa, 1);
        EXPECT_EQ(a.y, b.y) << isa_name(isa);
        EXPECT_EQ(a.c_n, b.c_n) << isa_name(isa);
    }
}

TEST(Lstm, clipAndBatchFirst_matchReference) {
    check_rnn_problem(parse_rnn_problem("lstm l1t8mb3sic5dhc12 clip0.25 state"), 21);
    check_rnn_problem(parse_rnn_problem("lstm l2t6mb4sic5dhc11 bi bf varlen"), 22);
}

}  // namespace
}  // namespace corenn::test
