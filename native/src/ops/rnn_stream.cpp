#include "ops/rnn_stream.h"

#include <algorithm>
#include <cstdint>
#include <memory>

namespace corenn {

namespace {

size_t state_h_floats(const corenn_rnn& op) { return static_cast<size_t>(op.desc.num_layers) * op.out_size; }
size_t state_c_floats(const corenn_rnn& op) {
    return op.desc.cell == CORENN_RNN_LSTM ? static_cast<size_t>(op.desc.num_layers) * op.desc.hidden_size : 0;
}
size_t aligned_bytes(size_t floats) { return (floats * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment; }

}  // namespace

corenn_rnn_state* rnn_state_create(const corenn_rnn& op) {
    auto state = std::make_unique<corenn_rnn_state>();
    state->op = &op;
    state->h = FloatBuffer(state_h_floats(op));
    state->c = FloatBuffer(state_c_floats(op));
    return state.release();
}

void rnn_state_reset(corenn_rnn_state& state, const float* h, const float* c) {
    if (h != nullptr) std::copy(h, h + state.h.size(), state.h.data());
    else std::fill(state.h.data(), state.h.data() + state.h.size(), 0.0f);
    if (c != nullptr) std::copy(c, c + state.c.size(), state.c.data());
    else std::fill(state.c.data(), state.c.data() + state.c.size(), 0.0f);
}

void rnn_state_read(const corenn_rnn_state& state, float* h, float* c) {
    if (h != nullptr) std::copy(state.h.data(), state.h.data() + state.h.size(), h);
    if (c != nullptr) std::copy(state.c.data(), state.c.data() + state.c.size(), c);
}

// The run's workspace, then the gathered states [layers][streams][...] before (h0, c0) and after
// (h_n, c_n) the step.
size_t rnn_step_workspace_size(const corenn_rnn& op, int steps, int streams) {
    const size_t h = aligned_bytes(state_h_floats(op) * streams), c = aligned_bytes(state_c_floats(op) * streams);
    return rnn_workspace_size(op, steps, streams) + 2 * (h + c) + kAlignment;
}

// Gathers the streams' states into h0/c0 as a batch, runs the steps exactly as a whole-sequence
// run would, and scatters h_n/c_n back.
void rnn_step(const corenn_rnn& op, corenn_rnn_state* const* states, int streams, int steps, const float* x,
              float* y, void* workspace, int threads) {
    const int L = op.desc.num_layers, P = op.out_size, H = op.desc.hidden_size;
    const bool lstm = op.desc.cell == CORENN_RNN_LSTM;
    const uintptr_t raw = reinterpret_cast<uintptr_t>(workspace) + rnn_workspace_size(op, steps, streams);
    char* at = reinterpret_cast<char*>((raw + kAlignment - 1) / kAlignment * kAlignment);
    const size_t h_bytes = aligned_bytes(state_h_floats(op) * streams);
    const size_t c_bytes = aligned_bytes(state_c_floats(op) * streams);
    float* h0 = reinterpret_cast<float*>(at);
    float* h_n = reinterpret_cast<float*>(at + h_bytes);
    float* c0 = lstm ? reinterpret_cast<float*>(at + 2 * h_bytes) : nullptr;
    float* c_n = lstm ? reinterpret_cast<float*>(at + 2 * h_bytes + c_bytes) : nullptr;
    for (int s = 0; s < streams; ++s)
        for (int l = 0; l < L; ++l) {
            const size_t slot = static_cast<size_t>(l) * streams + s;
            std::copy(states[s]->h.data() + static_cast<size_t>(l) * P, states[s]->h.data() + (l + 1) * size_t(P),
                      h0 + slot * P);
            if (lstm)
                std::copy(states[s]->c.data() + static_cast<size_t>(l) * H,
                          states[s]->c.data() + (l + 1) * size_t(H), c0 + slot * H);
        }
    RnnIo io;
    io.x = x;
    io.y = y;
    io.h0 = h0;
    io.c0 = c0;
    io.h_n = h_n;
    io.c_n = c_n;
    rnn_run(op, steps, streams, io, workspace, threads);
    for (int s = 0; s < streams; ++s)
        for (int l = 0; l < L; ++l) {
            const size_t slot = static_cast<size_t>(l) * streams + s;
            std::copy(h_n + slot * P, h_n + (slot + 1) * P, states[s]->h.data() + static_cast<size_t>(l) * P);
            if (lstm) std::copy(c_n + slot * H, c_n + (slot + 1) * H, states[s]->c.data() + static_cast<size_t>(l) * H);
        }
}

}  // namespace corenn
