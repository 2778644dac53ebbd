// The batched recurrent cells (batch > kRnnGemvMaxBatch): register tiles of several batch rows,
// row tails, finished elements skipped, GRU passes, projection, every ISA and 1/2 threads.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "rnn_test_util.h"

namespace corenn::test {
namespace {

std::string describe(const RnnProblem& p) {
    static const char* const kCells[] = {"lstm", "gru", "rnn_tanh", "rnn_relu"};
    const corenn_rnn_desc& d = p.desc;
    return std::string(kCells[d.cell]) + " l" + std::to_string(d.num_layers) + "t" + std::to_string(p.seq_len) +
           "mb" + std::to_string(p.batch) + "sic" + std::to_string(d.input_size) + "dhc" +
           std::to_string(d.hidden_size) + (d.proj_size > 0 ? "dic" + std::to_string(d.proj_size) : "") +
           (d.bidirectional ? " bi" : "") + (p.varlen ? " varlen" : "") + (p.initial_state ? " state" : "") +
           (d.has_bias ? "" : " nobias") + ((d.flags & CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0) ? " lbr0" : "");
}

// Batch 1-40 (both sides of the switch at 4/5, every row tail of the 3-, 4-, 6- and 12-row
// tiles), hidden sizes at the 8-unit tile edges and primes, random lengths, both directions,
// projection, GRU's two-pass form: against the reference, identical at 1 and 2 threads.
TEST(RnnBatch, randomConfigurations_aroundTheSwitch_matchReference) {
    std::mt19937 rng(77);
    const int hidden[] = {1, 2, 3, 5, 7, 8, 9, 13, 23, 24, 25, 31, 40};
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    for (int trial = 0; trial < 48; ++trial) {
        RnnProblem p;
        p.desc.cell = trial % 4;
        p.desc.input_size = 1 + pick(19);
        p.desc.hidden_size = hidden[pick(13)];
        p.desc.num_layers = 1 + pick(2);
        p.desc.bidirectional = pick(2);
        p.desc.has_bias = pick(4) != 0;
        if (p.desc.cell == CORENN_RNN_LSTM && p.desc.hidden_size > 1 && pick(2) == 0)
            p.desc.proj_size = 1 + pick(p.desc.hidden_size - 1);
        if (p.desc.cell == CORENN_RNN_GRU && pick(2) == 0) p.desc.flags |= CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0;
        p.seq_len = 1 + pick(6);
        p.batch = trial < 8 ? 1 + trial : 1 + pick(40);  // 1-8 once each, then anywhere up to 40
        p.varlen = pick(2);
        p.initial_state = pick(2);
        p.text = "trial " + std::to_string(trial) + ": " + describe(p);
        check_rnn_problem(p, 7000 + trial);
        if (HasFatalFailure()) return;
    }
}

// Above the switch an element's result does not depend on the other elements: the rows of a
// batch of 5 equal the same rows inside a batch of 37 (other elements, other lengths).
TEST(RnnBatch, elementResult_independentOfTheRestOfTheBatch) {
    for (const char* line : {"lstm l2t6mb37sic11dhc25dic9 state", "gru l1t6mb37sic11dhc23 lbr0 state",
                             "rnn_tanh l1t6mb37sic11dhc17 state"}) {
        const RnnProblem big = parse_rnn_problem(line);
        RnnProblem small = big;
        small.batch = 5;
        std::mt19937 rng(78);
        RnnData data = make_rnn_data(big, rng);
        data.lengths.assign(big.batch, big.seq_len);
        for (int b = 5; b < big.batch; ++b) data.lengths[b] = b % (big.seq_len + 1);
        // The small batch holds elements 0-4: slices of x [T][B][I] and h0/c0 [L*D][B][...].
        RnnData part = data;
        part.lengths.assign(5, big.seq_len);
        const int I = big.desc.input_size, P = big.out_size(), H = big.desc.hidden_size, L = big.desc.num_layers;
        part.x.clear();
        for (int t = 0; t < big.seq_len; ++t)
            part.x.insert(part.x.end(), data.x.begin() + static_cast<size_t>(t) * big.batch * I,
                          data.x.begin() + (static_cast<size_t>(t) * big.batch + 5) * I);
        part.h0.clear();
        part.c0.clear();
        for (int l = 0; l < L; ++l) {
            part.h0.insert(part.h0.end(), data.h0.begin() + static_cast<size_t>(l) * big.batch * P,
                           data.h0.begin() + (static_cast<size_t>(l) * big.batch + 5) * P);
            if (!data.c0.empty())
                part.c0.insert(part.c0.end(), data.c0.begin() + static_cast<size_t>(l) * big.batch * H,
                               data.c0.begin() + (static_cast<size_t>(l) * big.batch + 5) * H);
        }
        for (Isa isa : available_isas())
            for (int threads : kThreadCounts) {
                const RnnResult all = run_rnn(big, data, isa, threads), five = run_rnn(small, part, isa, threads);
                for (int t = 0; t < big.seq_len; ++t)
                    for (int i = 0; i < 5 * P; ++i)
                        ASSERT_EQ(five.y[static_cast<size_t>(t) * 5 * P + i],
                                  all.y[static_cast<size_t>(t) * big.batch * P + i])
                            << line << " " << isa_label(isa, threads) << " t" << t;
            }
    }
}

// The AVX-512 tiles' edges, checked at every level: batches around their row blocks (up to 12 rows
// in pairs for LSTM, 8 and 16 for GRU, 16 for RNN, all balanced), an odd number of 8-unit tiles (the
// last of a tile pair alone), k = 1 for the recurrent product (dhc1) and the input projection (sic1),
// primes; GRU in both forms, with clip and lengths.
TEST(RnnBatch, avx512TileEdges_matchReference) {
    const char* const cells[] = {"lstm", "gru", "gru", "rnn_tanh", "rnn_relu"};
    const char* const flags[] = {" clip0.8 varlen", "", " lbr0 varlen", " state", " clip2"};
    const int batches[] = {5, 7, 13, 17, 25, 33};
    const char* const shapes[] = {"sic1dhc40", "sic7dhc24", "sic13dhc1", "sic31dhc56", "sic2dhc17", "sic5dhc9"};
    uint32_t seed = 400;
    for (int c = 0; c < 5; ++c)
        for (int i = 0; i < 6; ++i) {
            const std::string line = std::string(cells[c]) + " l1t3mb" + std::to_string(batches[i]) +
                                     shapes[(i + c) % 6] + flags[c] + (i % 2 == 1 ? " bi" : "");
            RnnProblem p = parse_rnn_problem(line);
            check_rnn_problem(p, seed++);
            if (HasFatalFailure()) return;
        }
}

// Large enough that each of 2 threads owns many tiles, with every ISA.
TEST(RnnBatch, benchmarkShapes_matchReference) {
    check_rnn_problem(parse_rnn_problem("lstm l1t3mb32sic128dhc256"), 80);
    check_rnn_problem(parse_rnn_problem("gru l1t3mb32sic128dhc256"), 81);
    check_rnn_problem(parse_rnn_problem("lstm l2t3mb9sic64dhc128 bi varlen"), 82);
}

}  // namespace
}  // namespace corenn::test
