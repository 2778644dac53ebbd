// Streaming over corenn_rnn: per-stream state objects, stepped together as one batch.
#pragma once

#include "ops/rnn.h"

// One stream's state: the h (and LSTM c) of every layer, as h0/c0 of the next step.
struct corenn_rnn_state {
    const corenn_rnn* op = nullptr;
    corenn::FloatBuffer h;  // [num_layers][P]
    corenn::FloatBuffer c;  // [num_layers][H], LSTM only
    uint64_t step_mark = 0; // the last corenn_rnn_step call that named this state
    corenn::LiveObject live;
};

namespace corenn {

corenn_rnn_state* rnn_state_create(const corenn_rnn& op);
void rnn_state_reset(corenn_rnn_state& state, const float* h, const float* c);
void rnn_state_read(const corenn_rnn_state& state, float* h, float* c);
size_t rnn_step_workspace_size(const corenn_rnn& op, int steps, int streams);
// x: [steps][streams][input_size]; y: [steps][streams][P] or null.
void rnn_step(const corenn_rnn& op, corenn_rnn_state* const* states, int streams, int steps, const float* x,
              float* y, void* workspace, int threads);

}  // namespace corenn
