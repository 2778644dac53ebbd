// ONNX's LSTM variants: peepholes, input_forget (f = 1 - i) and direction="reverse", against the
// reference and against properties that pin what each one means.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "rnn_test_util.h"

namespace corenn::test {
namespace {

bool error_mentions(const char* word) { return std::string(corenn_last_error()).find(word) != std::string::npos; }

// Sizes around the 8-unit tile, both gate orders, clip, projection, batches on both sides of the
// GEMV limit (the GEMM path runs the same cell epilogue), random lengths and initial states.
TEST(LstmOnnx, peepholesInputForgetReverse_randomConfigurations_matchReference) {
    std::mt19937 rng(71);
    const int sizes[] = {1, 3, 7, 8, 9, 13, 17};
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    for (int trial = 0; trial < 36; ++trial) {
        RnnProblem p;
        p.desc.cell = CORENN_RNN_LSTM;
        p.desc.input_size = sizes[pick(7)];
        p.desc.hidden_size = sizes[pick(7)];
        p.desc.num_layers = 1 + pick(2);
        p.desc.bidirectional = pick(2);
        p.desc.has_bias = pick(3) != 0;
        p.desc.has_peepholes = trial % 4 != 3;
        p.desc.proj_size = p.desc.hidden_size > 1 && pick(4) == 0 ? 1 + pick(p.desc.hidden_size - 1) : 0;
        if (pick(2) == 1) p.desc.flags |= CORENN_RNN_GATES_ONNX;
        if (pick(3) == 0 || trial % 4 == 3) p.desc.flags |= CORENN_RNN_LSTM_INPUT_FORGET;
        if (!p.desc.bidirectional && pick(2) == 1) p.desc.flags |= CORENN_RNN_REVERSE;
        if (pick(3) == 0) p.desc.clip = 0.5f;
        p.seq_len = 1 + pick(8);
        p.batch = 1 + pick(7);
        p.varlen = pick(2);
        p.initial_state = pick(3) != 0;
        p.text = "random onnx lstm trial " + std::to_string(trial) + ": in " + std::to_string(p.desc.input_size) +
                 " h " + std::to_string(p.desc.hidden_size) + " proj " + std::to_string(p.desc.proj_size) + " l" +
                 std::to_string(p.desc.num_layers) + " bi" + std::to_string(p.desc.bidirectional) + " flags " +
                 std::to_string(p.desc.flags) + " peep" + std::to_string(p.desc.has_peepholes) + " t" +
                 std::to_string(p.seq_len) + " b" + std::to_string(p.batch);
        check_rnn_problem(p, 7100 + trial);
        if (HasFatalFailure()) return;
    }
}

TEST(LstmOnnx, listedShapes_matchReference) {
    for (const char* line : {"lstm l2t12mb3sic10dhc21 onnx peep clip0.8 varlen state",
                             "lstm l1t10mb6sic9dhc70dic7 peep ifg rev varlen state bf",
                             "lstm l1t9mb2sic16dhc40 onnx peep f16 state"}) {
        check_rnn_problem(parse_rnn_problem(line), 7200);
        if (HasFatalFailure()) return;
    }
}

// Zero peepholes add exact zeros: the result is the plain LSTM's, bit for bit.
// Batch 4: peephole LSTMs always run the per-element cells, plain ones only up to batch 4 (above
// it the batched cells sum in another order), so this is where the two must agree bit for bit.
TEST(LstmOnnx, zeroPeepholes_equalPlainLstmExactly) {
    const RnnProblem plain = parse_rnn_problem("lstm l2t7mb4sic6dhc11 bi varlen state onnx");
    RnnProblem peep = plain;
    peep.desc.has_peepholes = 1;
    std::mt19937 rng(72);
    const RnnData data = make_rnn_data(plain, rng);
    RnnData zeros;
    zeros.x = data.x, zeros.h0 = data.h0, zeros.c0 = data.c0, zeros.lengths = data.lengths;
    const int per_direction = 4;
    for (size_t t = 0; t < data.tensors.size(); ++t) {
        zeros.tensors.push_back(data.tensors[t]);
        if (t % per_direction == per_direction - 1) zeros.tensors.emplace_back(3 * plain.desc.hidden_size, 0.0f);
    }
    for (const auto& t : zeros.tensors) zeros.weights.push_back(t.data());
    for (Isa isa : available_isas()) {
        const RnnResult a = run_rnn(plain, data, isa, 1), b = run_rnn(peep, zeros, isa, 2);
        EXPECT_EQ(a.y, b.y) << isa_name(isa);
        EXPECT_EQ(a.h_n, b.h_n) << isa_name(isa);
        EXPECT_EQ(a.c_n, b.c_n) << isa_name(isa);
    }
}

// With input_forget the forget gate's weights and biases are never read; without it they matter.
TEST(LstmOnnx, inputForget_ignoresForgetGateWeights) {
    RnnProblem p = parse_rnn_problem("lstm l1t6mb3sic5dhc9 state peep ifg");
    std::mt19937 rng(73);
    const RnnData data = make_rnn_data(p, rng);
    RnnData changed = data;
    const int H = p.desc.hidden_size;
    for (int t = 0; t < 4; ++t) {  // w_ih, w_hh, b_ih, b_hh: block 1 is f in PyTorch order
        std::vector<float>& w = changed.tensors[t];
        const size_t block = w.size() / 4;
        for (size_t k = block; k < 2 * block; ++k) w[k] = 3.0f - w[k];
    }
    for (int u = 0; u < H; ++u) changed.tensors[4][H + u] += 1.0f;  // p_f
    for (size_t t = 0; t < changed.tensors.size(); ++t) changed.weights[t] = changed.tensors[t].data();
    for (Isa isa : available_isas()) {
        const RnnResult a = run_rnn(p, data, isa, 1), b = run_rnn(p, changed, isa, 1);
        EXPECT_EQ(a.y, b.y) << isa_name(isa);
        EXPECT_EQ(a.c_n, b.c_n) << isa_name(isa);
    }
    p.desc.flags &= ~CORENN_RNN_LSTM_INPUT_FORGET;
    EXPECT_NE(run_rnn(p, data, Isa::generic, 1).y, run_rnn(p, changed, Isa::generic, 1).y);
}

// CORENN_RNN_GATES_ONNX reads p as (i, o, f); the same values as (i, f, o) give the same bits.
TEST(LstmOnnx, onnxPeepholeOrder_equalsPermutedPytorchOrder) {
    const RnnProblem torch = parse_rnn_problem("lstm l1t7mb3sic6dhc9 bi state peep");
    RnnProblem onnx = torch;
    onnx.desc.flags |= CORENN_RNN_GATES_ONNX;
    std::mt19937 rng(74);
    const RnnData data = make_rnn_data(torch, rng);
    RnnData permuted = data;
    const int four[4] = {0, 3, 1, 2}, three[3] = {0, 2, 1};  // ONNX block g comes from our block order[g]
    for (size_t t = 0; t < data.tensors.size(); ++t) {
        const bool peephole = t % 5 == 4;
        const int blocks = peephole ? 3 : 4;
        const size_t block = data.tensors[t].size() / blocks;
        for (int g = 0; g < blocks; ++g) {
            const int from = peephole ? three[g] : four[g];
            std::copy(data.tensors[t].begin() + from * block, data.tensors[t].begin() + (from + 1) * block,
                      permuted.tensors[t].begin() + g * block);
        }
        permuted.weights[t] = permuted.tensors[t].data();
    }
    for (Isa isa : available_isas()) {
        const RnnResult a = run_rnn(torch, data, isa, 1), b = run_rnn(onnx, permuted, isa, 1);
        EXPECT_EQ(a.y, b.y) << isa_name(isa);
        EXPECT_EQ(a.c_n, b.c_n) << isa_name(isa);
    }
}

// A reverse-only stack is the backward half of a bidirectional one with the same weights: its y is
// that half's features and its final states that direction's, with and without lengths.
TEST(LstmOnnx, reverseDirection_equalsBidirectionalBackwardHalf) {
    for (const char* line : {"lstm l1t6mb3sic5dhc10 peep state varlen", "gru l1t5mb6sic4dhc9 lbr0 state varlen",
                             "rnn_tanh l1t4mb2sic3dhc5 state"}) {
        const RnnProblem bi = parse_rnn_problem(std::string(line) + " bi");
        const RnnProblem rev = parse_rnn_problem(std::string(line) + " rev");
        std::mt19937 rng(75);
        const RnnData both = make_rnn_data(bi, rng);
        const size_t per_direction = both.tensors.size() / 2;
        const int B = bi.batch, P = bi.out_size(), H = bi.desc.hidden_size;
        RnnData back;
        back.x = both.x, back.lengths = both.lengths;
        back.tensors.assign(both.tensors.begin() + per_direction, both.tensors.end());
        for (const auto& t : back.tensors) back.weights.push_back(t.data());
        back.h0.assign(both.h0.begin() + B * P, both.h0.end());
        if (!both.c0.empty()) back.c0.assign(both.c0.begin() + B * H, both.c0.end());
        for (Isa isa : available_isas()) {
            const RnnResult full = run_rnn(bi, both, isa, 2), half = run_rnn(rev, back, isa, 1);
            for (int row = 0; row < bi.seq_len * B; ++row) {
                for (int k = 0; k < P; ++k) {
                    ASSERT_EQ(half.y[row * P + k], full.y[(row * 2 + 1) * P + k]) << line << " " << isa_name(isa);
                }
            }
            EXPECT_EQ(half.h_n, std::vector<float>(full.h_n.begin() + B * P, full.h_n.end())) << line;
            if (!full.c_n.empty()) {
                EXPECT_EQ(half.c_n, std::vector<float>(full.c_n.begin() + B * H, full.c_n.end())) << line;
            }
        }
        check_rnn_problem(rev, 76);
    }
}

TEST(LstmOnnx, badDescriptors_nameTheField_andLeakNothing) {
    const int64_t live_before = corenn_live_allocations();
    const RnnProblem p = parse_rnn_problem("lstm l1t3mb2sic3dhc4 bi peep");
    std::mt19937 rng(77);
    RnnData data = make_rnn_data(p, rng);
    EXPECT_EQ(corenn_rnn_weight_count(&p.desc), 10);
    corenn_rnn* op = reinterpret_cast<corenn_rnn*>(0x1);
    auto create_fails = [&](corenn_rnn_desc d, const char* word) {
        EXPECT_EQ(corenn_rnn_create(&d, data.weights.data(), CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT) << word;
        EXPECT_EQ(op, nullptr);
        EXPECT_TRUE(error_mentions(word)) << corenn_last_error();
    };
    corenn_rnn_desc d = p.desc;
    d.has_peepholes = 2;
    create_fails(d, "has_peepholes");
    d = p.desc, d.cell = CORENN_RNN_GRU;
    create_fails(d, "has_peepholes needs an lstm");
    d = p.desc, d.cell = CORENN_RNN_GRU, d.has_peepholes = 0, d.flags = CORENN_RNN_LSTM_INPUT_FORGET;
    create_fails(d, "INPUT_FORGET needs an lstm");
    d = p.desc, d.flags = CORENN_RNN_REVERSE;
    create_fails(d, "REVERSE needs bidirectional = 0");
    const float* missing = data.weights[9];
    data.weights[9] = nullptr;
    create_fails(p.desc, "weights[9] (p of layer 0, direction 1)");
    data.weights[9] = missing;

    // Streaming runs forward in time only.
    RnnProblem rev = parse_rnn_problem("lstm l1t3mb1sic3dhc4 rev");
    const RnnData rev_data = make_rnn_data(rev, rng);
    ASSERT_EQ(corenn_rnn_create(&rev.desc, rev_data.weights.data(), CORENN_ISA_AUTO, &op), CORENN_OK);
    corenn_rnn_state* state = nullptr;
    ASSERT_EQ(corenn_rnn_state_create(op, &state), CORENN_OK);
    std::vector<float> ws(corenn_rnn_step_workspace_size(op, 1, 1) / 4 + 1), x(3), y(4);
    EXPECT_EQ(corenn_rnn_step(op, &state, 1, 1, x.data(), y.data(), ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_TRUE(error_mentions("forward")) << corenn_last_error();
    corenn_rnn_state_destroy(state);
    corenn_rnn_destroy(op);
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

}  // namespace
}  // namespace corenn::test
