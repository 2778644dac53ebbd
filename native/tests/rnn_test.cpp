#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "rnn_test_util.h"

namespace corenn::test {
namespace {

bool error_mentions(const char* word) { return std::string(corenn_last_error()).find(word) != std::string::npos; }

TEST(VanillaRnn, tanhAndRelu_randomConfigurations_matchReference) {
    std::mt19937 rng(13);
    const int sizes[] = {1, 3, 7, 8, 9, 17};
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    for (int trial = 0; trial < 24; ++trial) {
        RnnProblem p;
        p.desc.cell = trial % 2 == 0 ? CORENN_RNN_TANH : CORENN_RNN_RELU;
        p.desc.input_size = sizes[pick(6)];
        p.desc.hidden_size = sizes[pick(6)];
        p.desc.num_layers = 1 + pick(3);
        p.desc.bidirectional = pick(2);
        p.desc.has_bias = pick(2);
        p.seq_len = 1 + pick(9);
        p.batch = 1 + pick(7);
        p.varlen = pick(2);
        p.initial_state = pick(2);
        p.text = "random rnn trial " + std::to_string(trial);
        check_rnn_problem(p, 3000 + trial);
        if (HasFatalFailure()) return;
    }
}

TEST(Rnn, packedSequences_zeroPastLength_finalStateAtLastStep) {
    const RnnProblem p = parse_rnn_problem("lstm l2t6mb3sic4dhc5 bi state");
    std::mt19937 rng(6);
    RnnData data = make_rnn_data(p, rng);
    data.lengths = {6, 0, 3};
    for (Isa isa : available_isas()) {
        const RnnResult r = run_rnn(p, data, isa, 2);
        const int width = 2 * 5;
        for (int t = 0; t < 6; ++t)
            for (int b = 1; b < 3; ++b) {
                if (t < data.lengths[b]) continue;
                for (int f = 0; f < width; ++f) ASSERT_EQ(r.y[(t * 3 + b) * width + f], 0.0f) << t << " " << b;
            }
        // Length 0: the final states are the initial ones.
        for (int slot = 0; slot < 4; ++slot)
            for (int u = 0; u < 5; ++u) ASSERT_EQ(r.h_n[(slot * 3 + 1) * 5 + u], data.h0[(slot * 3 + 1) * 5 + u]);
        // The reverse direction's final h is its output at t = 0.
        for (int b : {0, 2})
            for (int u = 0; u < 5; ++u) ASSERT_EQ(r.h_n[(3 * 3 + b) * 5 + u], r.y[(0 * 3 + b) * width + 5 + u]);
    }
    RnnProblem checked = p;
    checked.varlen = true;
    check_rnn_problem(checked, 9);
}

// Uneven splits: more threads than tiles, odd counts, projection and two-pass phases.
TEST(Rnn, anyThreadCount_bitIdentical) {
    for (const char* line : {"lstm l2t5mb3sic9dhc41dic13 bi varlen state", "gru l1t5mb6sic9dhc70 varlen state",
                             "gru l2t4mb2sic5dhc17 bi lbr0 state"}) {
        const RnnProblem p = parse_rnn_problem(line);
        std::mt19937 rng(10);
        const RnnData data = make_rnn_data(p, rng);
        for (Isa isa : available_isas()) {
            const RnnResult one = run_rnn(p, data, isa, 1);
            for (int threads : {3, 7}) {
                const RnnResult many = run_rnn(p, data, isa, threads);
                EXPECT_TRUE(one.y == many.y && one.h_n == many.h_n && one.c_n == many.c_n)
                    << line << " " << isa_label(isa, threads);
            }
        }
    }
}

TEST(Rnn, halfConversion_roundsToNearestEven_andHandlesEdges) {
    EXPECT_EQ(float_to_half(1.0f), 0x3c00);
    EXPECT_EQ(float_to_half(-2.0f), 0xc000);
    EXPECT_EQ(float_to_half(65504.0f), 0x7bff);
    EXPECT_EQ(float_to_half(65520.0f), 0x7c00);                // halfway to the next: rounds to inf
    EXPECT_EQ(float_to_half(1.0f + std::ldexp(1.0f, -11)), 0x3c00);      // tie: to even
    EXPECT_EQ(float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02);  // tie: to even (up)
    EXPECT_EQ(float_to_half(std::ldexp(1.0f, -24)), 0x0001);   // smallest subnormal
    EXPECT_EQ(float_to_half(std::ldexp(1.0f, -25)), 0x0000);   // tie with zero: to even
    EXPECT_EQ(float_to_half(std::ldexp(3.0f, -26)), 0x0001);
    EXPECT_EQ(float_to_half(std::ldexp(1.0f, -14)), 0x0400);   // smallest normal
    EXPECT_EQ(float_to_half(-std::numeric_limits<float>::infinity()), 0xfc00);
    EXPECT_TRUE(std::isnan(half_to_float(float_to_half(std::nanf("")))));
    std::mt19937 rng(12);
    for (float v : random_floats(10000, -4.0f, 4.0f, rng)) {
        const float back = half_to_float(float_to_half(v));
        ASSERT_LE(std::fabs(back - v), std::ldexp(std::fabs(v), -11) + std::ldexp(1.0f, -25)) << v;
        ASSERT_EQ(float_to_half(back), float_to_half(v));
    }
    for (uint32_t h = 0; h < 0x7c00; ++h) ASSERT_EQ(float_to_half(half_to_float(static_cast<uint16_t>(h))), h);
}

// Within stated error of the float32 weights, and exact against the reference on rounded weights.
TEST(Rnn, fp16Weights_matchReferenceOnRoundedWeights_andStayCloseToFloat) {
    check_rnn_problem(parse_rnn_problem("lstm l2t7mb3sic9dhc21 bi varlen state f16"), 40);
    check_rnn_problem(parse_rnn_problem("gru l1t6mb6sic9dhc13 lbr0 state f16"), 41);
    check_rnn_problem(parse_rnn_problem("lstm l1t5mb7sic9dhc70dic11 state f16"), 42);
    RnnProblem full = parse_rnn_problem("lstm l1t20mb2sic16dhc64 state");
    RnnProblem half = full;
    half.desc.flags |= CORENN_RNN_WEIGHTS_FP16;
    std::mt19937 rng(43);
    const RnnData data = make_rnn_data(full, rng);
    for (Isa isa : available_isas()) {
        corenn_rnn* op = nullptr;
        ASSERT_EQ(corenn_rnn_create(&half.desc, data.weights.data(), static_cast<int>(isa), &op), CORENN_OK);
        EXPECT_NE(std::string(corenn_rnn_kernel(op, 1)).find("(fp16 weights)"), std::string::npos);
        corenn_rnn_destroy(op);
        const RnnResult a = run_rnn(full, data, isa, 1), b = run_rnn(half, data, isa, 1);
        ASSERT_NE(a.y, b.y);
        for (size_t i = 0; i < a.y.size(); ++i) ASSERT_NEAR(a.y[i], b.y[i], 2e-3) << i;
    }
}

TEST(Rnn, emptySequenceAndBatch_copyInitialStates) {
    const RnnProblem p = parse_rnn_problem("gru l2t0mb2sic3dhc4 state");
    std::mt19937 rng(7);
    const RnnData data = make_rnn_data(p, rng);
    const RnnResult r = run_rnn(p, data, Isa::generic, 1);
    EXPECT_EQ(r.h_n, data.h0);
    corenn_rnn* op = nullptr;
    ASSERT_EQ(corenn_rnn_create(&p.desc, data.weights.data(), CORENN_ISA_AUTO, &op), CORENN_OK);
    EXPECT_EQ(corenn_rnn_run(op, 5, 0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, 1),
              CORENN_OK);
    corenn_rnn_destroy(op);
}

TEST(Rnn, kernelNames_fusedGemvForSmallBatch_batchedCellsForLarge) {
    const RnnProblem p = parse_rnn_problem("lstm l1t2mb1sic3dhc4");
    std::mt19937 rng(8);
    const RnnData data = make_rnn_data(p, rng);
    corenn_rnn* op = nullptr;
    ASSERT_EQ(corenn_rnn_create(&p.desc, data.weights.data(), CORENN_ISA_GENERIC, &op), CORENN_OK);
    EXPECT_STREQ(corenn_rnn_kernel(op, 1), "input f32-rnn-gemm-8x1-scalar, recurrent f32-lstm-cell-h8-scalar");
    EXPECT_STREQ(corenn_rnn_kernel(op, 32), "input f32-rnn-gemm-8x1-scalar, recurrent f32-lstm-cell-h8-scalar");
    corenn_rnn_destroy(op);
    if (isa_best() >= Isa::avx2) {
        ASSERT_EQ(corenn_rnn_create(&p.desc, data.weights.data(), CORENN_ISA_AVX2, &op), CORENN_OK);
        EXPECT_STREQ(corenn_rnn_kernel(op, 4), "input f32-rnn-gemm-24x4-avx2, recurrent f32-lstm-cell-h8-avx2");
        EXPECT_STREQ(corenn_rnn_kernel(op, 5), "input f32-rnn-gemm-24x4-avx2, recurrent f32-lstm-cell-3x32-avx2");
        corenn_rnn_destroy(op);
    }
    if (isa_best() >= Isa::avx512) {
        ASSERT_EQ(corenn_rnn_create(&p.desc, data.weights.data(), CORENN_ISA_AVX512, &op), CORENN_OK);
        EXPECT_STREQ(corenn_rnn_kernel(op, 5), "input f32-rnn-gemm-6x64-avx512, recurrent f32-lstm-cell-12x32-avx512");
        corenn_rnn_destroy(op);
    }
    const std::string report = corenn_kernel_report(CORENN_ISA_GENERIC);
    EXPECT_NE(report.find("f32_gru_cell: f32-gru-cell-h8-scalar"), std::string::npos);
    EXPECT_NE(report.find("f32_gru_batch_cell: f32-gru-cell-h8-scalar"), std::string::npos);
}

TEST(Rnn, badArguments_returnInvalidArgumentWithMessage_andLeakNothing) {
    const int64_t live_before = corenn_live_allocations();
    const RnnProblem p = parse_rnn_problem("lstm l2t3mb2sic3dhc4 bi");
    std::mt19937 rng(9);
    RnnData data = make_rnn_data(p, rng);
    EXPECT_EQ(corenn_rnn_weight_count(&p.desc), 16);
    corenn_rnn* op = reinterpret_cast<corenn_rnn*>(0x1);
    auto create_fails = [&](corenn_rnn_desc d, const char* word) {
        EXPECT_EQ(corenn_rnn_create(&d, data.weights.data(), CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT) << word;
        EXPECT_EQ(op, nullptr);
        EXPECT_TRUE(error_mentions(word)) << corenn_last_error();
    };
    corenn_rnn_desc d = p.desc;
    d.cell = 9;
    create_fails(d, "cell");
    d = p.desc, d.input_size = 0;
    create_fails(d, "input_size");
    d = p.desc, d.hidden_size = -1;
    create_fails(d, "hidden_size");
    d = p.desc, d.num_layers = 0;
    create_fails(d, "num_layers");
    d = p.desc, d.bidirectional = 2;
    create_fails(d, "bidirectional");
    d = p.desc, d.proj_size = 4;
    create_fails(d, "proj_size");
    d = p.desc, d.cell = CORENN_RNN_GRU, d.proj_size = 2;
    create_fails(d, "proj_size");
    d = p.desc, d.flags = 64;
    create_fails(d, "flags");
    d = p.desc, d.clip = -1.0f;
    create_fails(d, "clip");
    d = p.desc, d.clip = std::nanf("");
    create_fails(d, "clip");
    const float* missing = data.weights[6];
    data.weights[6] = nullptr;
    create_fails(p.desc, "weights[6] (b_ih of layer 0, direction 1)");
    data.weights[6] = missing;
    EXPECT_EQ(corenn_rnn_create(&p.desc, nullptr, CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_rnn_create(nullptr, data.weights.data(), CORENN_ISA_AUTO, &op), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_rnn_create(&p.desc, data.weights.data(), CORENN_ISA_AUTO, nullptr), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_rnn_create(&p.desc, data.weights.data(), 7, &op), CORENN_INVALID_ARGUMENT);

    ASSERT_EQ(corenn_rnn_create(&p.desc, data.weights.data(), CORENN_ISA_AUTO, &op), CORENN_OK);
    std::vector<float> ws(corenn_rnn_workspace_size(op, 3, 2) / 4 + 1), y(p.y_size());
    const int32_t bad_lengths[2] = {3, 4};
    auto run = [&](int T, int B, const float* x, const int32_t* lengths, float* out, void* w, int threads) {
        return corenn_rnn_run(op, T, B, x, lengths, nullptr, nullptr, out, nullptr, nullptr, w, threads);
    };
    EXPECT_EQ(run(3, 2, data.x.data(), nullptr, y.data(), ws.data(), 1), CORENN_OK);
    EXPECT_EQ(run(-1, 2, data.x.data(), nullptr, y.data(), ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_TRUE(error_mentions("seq_len"));
    EXPECT_EQ(run(3, -2, data.x.data(), nullptr, y.data(), ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_TRUE(error_mentions("batch"));
    EXPECT_EQ(run(3, 2, nullptr, nullptr, y.data(), ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(run(3, 2, data.x.data(), nullptr, nullptr, ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(run(3, 2, data.x.data(), nullptr, y.data(), nullptr, 1), CORENN_INVALID_ARGUMENT);
    EXPECT_TRUE(error_mentions("workspace"));
    EXPECT_EQ(run(3, 2, data.x.data(), nullptr, y.data(), ws.data(), 0), CORENN_INVALID_ARGUMENT);
    EXPECT_TRUE(error_mentions("threads"));
    EXPECT_EQ(run(3, 2, data.x.data(), bad_lengths, y.data(), ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_TRUE(error_mentions("lengths[1]"));
    EXPECT_EQ(corenn_rnn_run(nullptr, 3, 2, data.x.data(), nullptr, nullptr, nullptr, y.data(), nullptr, nullptr,
                             ws.data(), 1),
              CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_rnn_workspace_size(nullptr, 3, 2), 0u);
    EXPECT_STREQ(corenn_rnn_kernel(nullptr, 1), "");
    corenn_rnn_destroy(op);
    corenn_rnn_destroy(nullptr);
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

}  // namespace
}  // namespace corenn::test
