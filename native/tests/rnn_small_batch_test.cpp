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

}  // namespace
}  // namespace corenn::test
