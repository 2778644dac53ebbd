// Function types of the rnn family's kernel slots (see kernels.h). Included inside namespace corenn.

// GEMM over weights prepacked once, for the input projection of many timesteps at once
// (ops/rnn_create.cpp packs it):
//   y[m][n] = bias[n] + sum_k x_m[k] * W[n][k]   for rows [m_begin, m_end), 8-column blocks
//   [block_begin, block_end). Row m is timestep m / batch of element m % batch, read from
//   x + (m / batch) * x_t_stride + (m % batch) * x_b_stride.
// w: [ceil(N/W)][k][W] with W = rnn_gemm_block(isa) (zero columns past N)   bias: [N]
// y: row m at y + m * y_row_stride (32-byte aligned rows)
// Every y[m][n] is summed over k in increasing order whatever the tiling, so a row's value does not
// depend on how many rows are computed together: streaming steps equal whole-sequence runs.
struct RnnGemmArgs {
    const float* x;
    int64_t x_t_stride;
    int64_t x_b_stride;
    int batch;
    int k;
    const float* w;
    const float* bias;
    float* y;
    int64_t y_row_stride;
};
using f32_rnn_gemm_fn = void (*)(const RnnGemmArgs& a, int m_begin, int m_end, int block_begin,
                                       int block_end);

// The column block W of the f32_rnn_gemm weights at an ISA level: one zmm (16 floats) from avx512
// on, one ymm (8) below. The op packs its weights once for the level it was created for.
constexpr int rnn_gemm_block(Isa isa) { return static_cast<int>(isa) >= static_cast<int>(Isa::avx512) ? 16 : 8; }

// One timestep of one direction for hidden-unit tiles [tile_begin, tile_end) of 8 units, for every
// active batch element (rows[b] >= 0); inactive elements are left alone. Gate g of a unit u is
// at g * hidden_padded + u in xproj rows, hproj blocks and the packed weights' tiles.
struct RnnCellArgs {
    int batch;
    int k;                     // width of the recurrent input: hidden_size, or proj_size
    int hidden_padded;         // Hp: hidden_size rounded up to 8
    const int32_t* rows;       // [batch] xproj row of this step's timestep; < 0: past the length
    const float* xproj;        // [rows][G][Hp]: W_ih x + biases, rows xproj_row_stride apart
    int64_t xproj_row_stride;
    const float* w;            // [Hp/8][k][G][8] recurrent weights, or null: then w_half
    const uint16_t* w_half;    // the same layout in IEEE half (CORENN_RNN_WEIGHTS_FP16), or null
    const float* h_prev;       // [batch][k], h_prev_stride apart
    int64_t h_prev_stride;
    float* h_out;              // [batch][Hp]: the new h (LSTM with projection: o * tanh(c))
    int64_t h_out_stride;
    float* c;                  // LSTM: [batch][Hp] cell state, updated in place
    int64_t c_stride;
    const float* bias_hn;      // GRU: b_hn [Hp], added to W_hn h inside the reset product
    float* gru_rh;             // GRU two-pass: [batch][Hp] r * h_prev, written by pass 1
    float* gru_z;              // GRU two-pass: [batch][Hp] z, written by pass 1
    int64_t gru_stride;
    int gru_pass;              // GRU: 0 = one pass (linear_before_reset=1); 1 = r,z; 2 = n and h
    int relu;                  // vanilla RNN: 1 = relu, 0 = tanh
    float clip;                // > 0: pre-activations clamped to [-clip, clip]
    const float* peephole;     // LSTM: [3][Hp] peephole weights of gates i, f, o (ONNX P), or null
    int input_forget;          // LSTM: 1 = forget gate coupled to the input gate, f = 1 - i (ONNX)
};
using f32_lstm_cell_fn = void (*)(const RnnCellArgs& a, int tile_begin, int tile_end);
using f32_gru_cell_fn = void (*)(const RnnCellArgs& a, int tile_begin, int tile_end);
using f32_rnn_cell_fn = void (*)(const RnnCellArgs& a, int tile_begin, int tile_end);

// The same step for batches above kRnnGemvMaxBatch, always over float tiles (a.w): several batch
// rows share each weight load. Each W_hh h output is one chain over k in increasing order, then
// the cell update as in the small-batch cells, so an element's result does not depend on which
// other elements are in the batch.
using f32_lstm_batch_cell_fn = f32_lstm_cell_fn;
using f32_gru_batch_cell_fn = f32_gru_cell_fn;
using f32_rnn_batch_cell_fn = f32_rnn_cell_fn;
