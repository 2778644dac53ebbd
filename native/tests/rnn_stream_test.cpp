#include <gtest/gtest.h>

#include <random>
#include <string>

#include "rnn_test_util.h"

namespace corenn::test {
namespace {

struct Streams {
    std::vector<corenn_rnn_state*> states;
    ~Streams() {
        for (corenn_rnn_state* s : states) corenn_rnn_state_destroy(s);
    }
};

// Steps every stream through the whole input in chunks of the given sizes; returns y [T][B][P]
// and leaves the final states in `streams`.
std::vector<float> step_in_chunks(const corenn_rnn* op, const RnnProblem& p, const RnnData& data, Streams& streams,
                                  const std::vector<int>& chunks, int threads) {
    const int B = p.batch, P = p.out_size(), L = p.desc.num_layers, H = p.desc.hidden_size;
    const bool lstm = p.desc.cell == CORENN_RNN_LSTM;
    for (int b = 0; b < B; ++b) {
        corenn_rnn_state* state = nullptr;
        EXPECT_EQ(corenn_rnn_state_create(op, &state), CORENN_OK) << corenn_last_error();
        streams.states.push_back(state);
        // Stream b's slice of h0 [L][B][P] (and c0): its state layout is [L][P].
        std::vector<float> h(static_cast<size_t>(L) * P), c(lstm ? static_cast<size_t>(L) * H : 0);
        for (int l = 0; l < L; ++l) {
            std::copy_n(data.h0.begin() + (static_cast<size_t>(l) * B + b) * P, P, h.begin() + l * P);
            if (lstm) std::copy_n(data.c0.begin() + (static_cast<size_t>(l) * B + b) * H, H, c.begin() + l * H);
        }
        EXPECT_EQ(corenn_rnn_state_reset(state, h.data(), lstm ? c.data() : nullptr), CORENN_OK);
    }
    std::vector<float> y(p.y_size());
    int t = 0;
    for (int k : chunks) {
        GuardedBuffer workspace((corenn_rnn_step_workspace_size(op, k, B) + 3) / 4, std::nanf(""));
        GuardedBuffer out(static_cast<size_t>(k) * B * P);
        const int64_t live = corenn_live_allocations();
        const float* x = data.x.data() + static_cast<size_t>(t) * B * p.desc.input_size;
        EXPECT_EQ(corenn_rnn_step(op, streams.states.data(), B, k, x, out.data(), workspace.data(), threads),
                  CORENN_OK)
            << corenn_last_error();
        EXPECT_EQ(corenn_live_allocations(), live);
        EXPECT_TRUE(out.guards_intact() && workspace.guards_intact());
        std::copy(out.data(), out.data() + out.size(), y.begin() + static_cast<size_t>(t) * B * P);
        t += k;
    }
    return y;
}

// The streams' final states gathered into h_n [L][B][P] and c_n [L][B][H].
RnnResult gather_states(const RnnProblem& p, const Streams& streams, std::vector<float> y) {
    const int B = p.batch, P = p.out_size(), L = p.desc.num_layers, H = p.desc.hidden_size;
    const bool lstm = p.desc.cell == CORENN_RNN_LSTM;
    RnnResult r{std::move(y), std::vector<float>(p.h_size()), std::vector<float>(lstm ? p.c_size() : 0)};
    for (int b = 0; b < B; ++b) {
        std::vector<float> h(static_cast<size_t>(L) * P), c(static_cast<size_t>(L) * H);
        EXPECT_EQ(corenn_rnn_state_read(streams.states[b], h.data(), c.data()), CORENN_OK);
        for (int l = 0; l < L; ++l) {
            std::copy_n(h.begin() + l * P, P, r.h_n.begin() + (static_cast<size_t>(l) * B + b) * P);
            if (lstm) std::copy_n(c.begin() + l * H, H, r.c_n.begin() + (static_cast<size_t>(l) * B + b) * H);
        }
    }
    return r;
}

TEST(RnnStream, steppingInChunks_equalsWholeSequenceRunExactly) {
    const int64_t live_before = corenn_live_allocations();
    const char* lines[] = {"lstm l2t10mb3sic7dhc9 state",     "lstm l1t7mb6sic5dhc70dic9 state",
                           "gru l2t9mb2sic8dhc16 state",      "gru l1t8mb6sic4dhc13 state lbr0",
                           "rnn_relu l3t7mb1sic3dhc5 state",  "lstm l1t9mb1sic16dhc24 state",
                           "lstm l2t8mb3sic6dhc11 state onnx peep ifg clip0.7", "lstm l1t7mb6sic5dhc20 state peep",
                           // Batched cells at every level: row blocks and odd tile counts of the AVX-512 ones.
                           "lstm l2t7mb13sic5dhc40 state",    "gru l1t6mb17sic9dhc24 state",
                           "gru l1t5mb9sic4dhc23 state lbr0 clip0.6", "rnn_tanh l1t5mb11sic3dhc40 state"};
    uint32_t seed = 50;
    for (const char* line : lines) {
        const RnnProblem p = parse_rnn_problem(line);
        std::mt19937 rng(seed++);
        const RnnData data = make_rnn_data(p, rng);
        std::vector<int> chunks;
        for (int t = 0, k = 1; t < p.seq_len; t += k, k = k % 3 + 1) chunks.push_back(std::min(k, p.seq_len - t));
        for (Isa isa : available_isas())
            for (int threads : kThreadCounts) {
                const RnnResult whole = run_rnn(p, data, isa, threads);
                corenn_rnn* op = nullptr;
                ASSERT_EQ(corenn_rnn_create(&p.desc, data.weights.data(), static_cast<int>(isa), &op), CORENN_OK);
                {
                    Streams streams;
                    const std::vector<float> y = step_in_chunks(op, p, data, streams, chunks, threads);
                    const RnnResult stepped = gather_states(p, streams, y);
                    EXPECT_EQ(stepped.y, whole.y) << line << " " << isa_label(isa, threads);
                    EXPECT_EQ(stepped.h_n, whole.h_n) << line << " " << isa_label(isa, threads);
                    EXPECT_EQ(stepped.c_n, whole.c_n) << line << " " << isa_label(isa, threads);
                }
                corenn_rnn_destroy(op);
            }
    }
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

// Up to kRnnGemvMaxBatch streams each element is computed on its own, so a stream stepped alone
// gives the same bits as in a group.
TEST(RnnStream, smallGroups_streamAloneEqualsStreamInGroup) {
    const RnnProblem group = parse_rnn_problem("lstm l2t5mb3sic6dhc10 state");
    RnnProblem alone = group;
    alone.batch = 1;
    std::mt19937 rng(60);
    const RnnData data = make_rnn_data(group, rng);
    RnnData first = data;  // stream 0's slices of x and h0/c0
    first.x.clear();
    for (int t = 0; t < 5; ++t) first.x.insert(first.x.end(), data.x.begin() + t * 18, data.x.begin() + t * 18 + 6);
    first.h0 = {data.h0.begin(), data.h0.begin() + 10};
    first.h0.insert(first.h0.end(), data.h0.begin() + 30, data.h0.begin() + 40);
    first.c0 = {data.c0.begin(), data.c0.begin() + 10};
    first.c0.insert(first.c0.end(), data.c0.begin() + 30, data.c0.begin() + 40);
    for (Isa isa : available_isas()) {
        corenn_rnn* op = nullptr;
        ASSERT_EQ(corenn_rnn_create(&group.desc, data.weights.data(), static_cast<int>(isa), &op), CORENN_OK);
        {
            Streams together, single;
            const std::vector<float> y3 = step_in_chunks(op, group, data, together, {2, 3}, 1);
            const std::vector<float> y1 = step_in_chunks(op, alone, first, single, {1, 4}, 2);
            for (int t = 0; t < 5; ++t)
                for (int u = 0; u < 10; ++u) EXPECT_EQ(y1[t * 10 + u], y3[t * 30 + u]) << isa_name(isa);
        }
        corenn_rnn_destroy(op);
    }
}

TEST(RnnStream, badArguments_returnInvalidArgument_andLeakNothing) {
    const int64_t live_before = corenn_live_allocations();
    const RnnProblem bi = parse_rnn_problem("gru l1t2mb1sic3dhc4 bi");
    const RnnProblem uni = parse_rnn_problem("gru l1t2mb1sic3dhc4");
    std::mt19937 rng(61);
    const RnnData bi_data = make_rnn_data(bi, rng), data = make_rnn_data(uni, rng);
    corenn_rnn *bi_op = nullptr, *op = nullptr, *other = nullptr;
    ASSERT_EQ(corenn_rnn_create(&bi.desc, bi_data.weights.data(), CORENN_ISA_AUTO, &bi_op), CORENN_OK);
    ASSERT_EQ(corenn_rnn_create(&uni.desc, data.weights.data(), CORENN_ISA_AUTO, &op), CORENN_OK);
    ASSERT_EQ(corenn_rnn_create(&uni.desc, data.weights.data(), CORENN_ISA_AUTO, &other), CORENN_OK);
    corenn_rnn_state *a = nullptr, *b = nullptr, *foreign = nullptr;
    ASSERT_EQ(corenn_rnn_state_create(op, &a), CORENN_OK);
    ASSERT_EQ(corenn_rnn_state_create(op, &b), CORENN_OK);
    ASSERT_EQ(corenn_rnn_state_create(other, &foreign), CORENN_OK);
    std::vector<float> ws(corenn_rnn_step_workspace_size(op, 2, 2) / 4 + 1), x(12), y(16);

    corenn_rnn_state* both[2] = {a, b};
    EXPECT_EQ(corenn_rnn_step(op, both, 2, 2, x.data(), y.data(), ws.data(), 2), CORENN_OK) << corenn_last_error();
    corenn_rnn_state* twice[2] = {a, a};
    EXPECT_EQ(corenn_rnn_step(op, twice, 2, 2, x.data(), y.data(), ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("distinct"), std::string::npos);
    corenn_rnn_state* mixed[2] = {a, foreign};
    EXPECT_EQ(corenn_rnn_step(op, mixed, 2, 2, x.data(), y.data(), ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("another"), std::string::npos);
    EXPECT_EQ(corenn_rnn_step(bi_op, both, 2, 2, x.data(), y.data(), ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_NE(std::string(corenn_last_error()).find("unidirectional"), std::string::npos);
    EXPECT_EQ(corenn_rnn_step(op, nullptr, 2, 2, x.data(), y.data(), ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_rnn_step(op, both, 2, 2, nullptr, y.data(), ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_rnn_step(op, both, 2, -1, x.data(), y.data(), ws.data(), 1), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_rnn_step(op, both, 2, 2, x.data(), y.data(), ws.data(), 0), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_rnn_step(op, both, 2, 2, x.data(), nullptr, ws.data(), 1), CORENN_OK);
    EXPECT_EQ(corenn_rnn_state_create(nullptr, &a), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(a, nullptr);
    EXPECT_EQ(corenn_rnn_state_reset(nullptr, nullptr, nullptr), CORENN_INVALID_ARGUMENT);
    EXPECT_EQ(corenn_rnn_state_read(nullptr, nullptr, nullptr), CORENN_INVALID_ARGUMENT);

    std::vector<float> h(4, 1.0f);
    EXPECT_EQ(corenn_rnn_state_reset(b, nullptr, nullptr), CORENN_OK);
    EXPECT_EQ(corenn_rnn_state_read(b, h.data(), nullptr), CORENN_OK);
    EXPECT_EQ(h, std::vector<float>(4, 0.0f));
    corenn_rnn_state_destroy(both[0]);
    corenn_rnn_state_destroy(b);
    corenn_rnn_state_destroy(foreign);
    corenn_rnn_state_destroy(nullptr);
    corenn_rnn_destroy(bi_op);
    corenn_rnn_destroy(op);
    corenn_rnn_destroy(other);
    EXPECT_EQ(corenn_live_allocations(), live_before);
}

}  // namespace
}  // namespace corenn::test
