// LSTM / GRU / vanilla RNN stacks (corenn_rnn_* in corenn.h). create validates and prepacks;
// run projects the inputs of all timesteps with one GEMM per layer, then steps the recurrence.
#pragma once

#include <corenn/corenn.h>

#include <string>
#include <vector>

#include "common/memory.h"
#include "config/kernels.h"

namespace corenn {

// Batches up to this size run the recurrent product in the fused GEMV cells (one element at a
// time, split accumulators); larger batches run the batched cells, a register-blocked GEMM over
// the same tiles (several elements per weight load) with the cell update on its accumulators.
constexpr int kRnnGemvMaxBatch = 4;

struct RnnDirectionWeights {
    FloatBuffer w_hh_tiles;   // [Hp/8][P][G][8]: the 8 units of a tile with all their gates together
    FloatBuffer w_hh_half;    // with CORENN_RNN_WEIGHTS_FP16: the same layout as uint16 halves for the
                              // small-batch cells; w_hh_tiles then holds the same rounded values
    FloatBuffer b_hn;         // GRU: [Hp] b_hn (zeros without bias)
    FloatBuffer w_hr_packed;  // LSTM projection: [Pp/8][H][8] for the dense f32_gemv kernel
    FloatBuffer peephole;     // LSTM with peepholes: [3][Hp] of gates i, f, o (padding zero)
};

struct RnnLayerWeights {
    int input_size = 0;
    FloatBuffer w_ih_packed;  // [ceil(D*G*Hp/W)][input_size][W], W = rnn_gemm_block(isa); column d*G*Hp + g*Hp + u
    FloatBuffer bias;         // [D*G*Hp]: b_ih + b_hh (GRU n gate: b_in only)
    RnnDirectionWeights dir[2];
};

}  // namespace corenn

// A created RNN: immutable, shared by every caller thread.
struct corenn_rnn {
    corenn_rnn_desc desc{};
    corenn::Isa isa = corenn::Isa::generic;
    const corenn::KernelTable* kernels = nullptr;
    corenn::f32_lstm_cell_fn cell = nullptr;  // the slot of desc.cell (all cell slots share one type)
    const char* cell_name = nullptr;
    corenn::f32_lstm_cell_fn batch_cell = nullptr;  // the batched slot of desc.cell
    const char* batch_cell_name = nullptr;
    int gates = 0;          // G
    int dirs = 0;           // D
    int hidden_padded = 0;  // Hp
    int out_size = 0;       // P: proj_size, or hidden_size
    int out_padded = 0;     // Pp
    bool gru_two_pass = false;  // GRU with linear_before_reset = 0
    std::vector<corenn::RnnLayerWeights> layers;
    corenn::FloatBuffer zeros;  // [Pp]: bias of the projection GEMV
    std::string gemv_kernels;   // what corenn_rnn_kernel reports for small and large batches
    std::string batch_kernels;
    corenn::LiveObject live;
};

namespace corenn {

int rnn_weight_count(const corenn_rnn_desc& desc);
corenn_rnn* rnn_create(const corenn_rnn_desc& desc, const float* const* weights, Isa isa);

// Tensors of one run; see corenn.h for shapes. y, h0, c0, h_n, c_n and lengths may be null.
struct RnnIo {
    const float* x = nullptr;
    const int32_t* lengths = nullptr;
    const float* h0 = nullptr;
    const float* c0 = nullptr;
    float* y = nullptr;
    float* h_n = nullptr;
    float* c_n = nullptr;
    bool batch_first = false;
};

size_t rnn_workspace_size(const corenn_rnn& op, int seq_len, int batch);
void rnn_run(const corenn_rnn& op, int seq_len, int batch, const RnnIo& io, void* workspace, int threads);
const char* rnn_kernel(const corenn_rnn& op, int batch);
bool rnn_uses_batch_cells(const corenn_rnn& op, int batch);

}  // namespace corenn
