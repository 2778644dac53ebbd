// One layer (both directions): its input projection, then the timestep loop.
#pragma once

#include "ops/rnn.h"

namespace corenn {

// Buffers of one layer's recurrence; layouts in ops/rnn_run.cpp (workspace) and corenn.h (y).
struct RnnRecurrence {
    const corenn_rnn* op = nullptr;
    const RnnLayerWeights* layer = nullptr;
    int seq_len = 0;
    int batch = 0;
    RnnGemmArgs input{};            // the input projection of every step into xproj (T*B rows)
    const int32_t* rows = nullptr;  // [D][T][B]: xproj row of each step; -(row of y to zero) - 1 past the length
    const float* xproj = nullptr;   // [T*B][D][G][Hp]
    float* h[2] = {};               // ping-pong [D][B][Pp]: step s reads h[s%2], writes h[(s+1)%2]
    float* c = nullptr;             // LSTM [D][B][Hp]
    float* hc = nullptr;            // LSTM with projection: [D][B][Hp] o * tanh(c)
    float* gru_rh = nullptr;        // GRU two-pass: [D][B][Hp]
    float* gru_z = nullptr;         // GRU two-pass: [D][B][Hp]
    float* y = nullptr;             // output (may be null); element (t, b) at t*y_t_stride + b*y_b_stride
    int64_t y_t_stride = 0;
    int64_t y_b_stride = 0;
};

// Projects the inputs, then runs every step; afterwards h[seq_len % 2] (and c) hold the final states.
void rnn_recurrence_run(const RnnRecurrence& job, int threads);

}  // namespace corenn
