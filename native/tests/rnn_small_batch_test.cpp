// The small-batch (per-element GEMV) cells at their edges, at every ISA level: the AVX-512 cells
// take tiles two at a time (an odd last tile runs masked), read two inputs per 512-bit vector for
// GRU and vanilla cells (an odd k ends in a 256-bit step) and group up to four active rows.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "rnn_test_util.h"

namespace corenn::test {
namespace {

// Hidden sizes 1 (k = 1), 8 (one tile), 13 (prime k, two tiles), 24 (three tiles: a masked last
// one), 40 (five) and 47; batches 1-4 with random lengths (rows dropping out mid-sequence); the
// fp16 weight path on every other shape.
TEST(RnnSmallBatch, edgeShapes_everyCell_matchReference) {
    const char* cells[] = {"lstm", "gru", "rnn_tanh", "rnn_relu"};
    const int hidden_sizes[] = {1, 8, 13, 24, 40, 47};
    int shape = 0;
    for (const char* cell : cells)
        for (int hidden : hidden_sizes) {
            const int batch = 1 + shape % 4;
            std::string line = std::string(cell) + " l1t6mb" + std::to_string(batch) + "sic5dhc" + std::to_string(hidden) +
                               " varlen state";
            if (shape % 2 == 1) line += " f16";
            if (shape % 3 == 2) line += " bi";
            check_rnn_problem(parse_rnn_problem(line), 500 + shape);
            if (HasFatalFailure()) return;
            ++shape;
        }
}

// The paths with their own code: LSTM projection (k = proj_size, odd), peepholes with
// input_forget and clip, the GRU's two passes (linear_before_reset=0) with odd and even k, on fp32
// and fp16 weights.
TEST(RnnSmallBatch, projectionPeepholesTwoPassGru_matchReference) {
    int seed = 600;
    for (const char* line :
         {"lstm l1t5mb3sic4dhc24dic7 varlen state", "lstm l2t4mb4sic6dhc40dic13 bi state f16",
          "lstm l1t5mb2sic3dhc17 peep ifg clip0.5 varlen state", "lstm l1t4mb4sic3dhc40 peep onnx state f16",
          "gru l1t5mb3sic4dhc13 lbr0 varlen state", "gru l1t5mb4sic4dhc40 lbr0 clip0.5 state f16",
          "gru l2t4mb1sic7dhc24 lbr0 bi state", "rnn_tanh l1t7mb1sic3dhc9 clip0.5 state f16"}) {
        check_rnn_problem(parse_rnn_problem(line), seed++);
        if (HasFatalFailure()) return;
    }
}

// The avx512 level picks the 512-bit cells for batches up to 4 (fp16 weights too), so the tests
// above exercise them wherever the CPU has AVX-512.
TEST(RnnSmallBatch, avx512Level_namesTheH16Cells) {
    bool has_avx512 = false;
    for (Isa isa : available_isas()) has_avx512 = has_avx512 || isa == Isa::avx512;
    if (!has_avx512) GTEST_SKIP() << "no AVX-512 on this CPU";
    const char* cases[][2] = {{"lstm l1t2mb1sic3dhc24", "f32-lstm-cell-h16-avx512"},
                              {"gru l1t2mb4sic3dhc24 f16", "f32-gru-cell-h16-avx512"},
                              {"rnn_relu l1t2mb2sic3dhc24", "f32-rnn-cell-h16-avx512"}};
    for (const auto& c : cases) {
        const RnnProblem p = parse_rnn_problem(c[0]);
        std::mt19937 rng(7);
        const RnnData data = make_rnn_data(p, rng);
        corenn_rnn* op = nullptr;
        ASSERT_EQ(corenn_rnn_create(&p.desc, data.weights.data(), CORENN_ISA_AVX512, &op), CORENN_OK);
        EXPECT_NE(std::string(corenn_rnn_kernel(op, p.batch)).find(c[1]), std::string::npos)
            << c[0] << ": " << corenn_rnn_kernel(op, p.batch);
        corenn_rnn_destroy(op);
    }
}

}  // namespace
}  // namespace corenn::test
