// Naive reference of corenn_rnn: the ground truth for the recurrent tests.
#pragma once

#include <corenn/corenn.h>

namespace corenn::reference {

// The whole-sequence RNN that corenn_rnn_create + corenn_rnn_run define (same weights array, flags
// and tensor layouts; see corenn.h), computed straight from the equations one batch element, layer,
// direction and timestep at a time, in double. y is fully written (zeros past each length);
// h0, c0, lengths, h_n and c_n may be null.
void rnn(const corenn_rnn_desc& desc, const float* const* weights, int seq_len, int batch, const float* x,
         const int32_t* lengths, const float* h0, const float* c0, float* y, float* h_n, float* c_n);

}  // namespace corenn::reference
