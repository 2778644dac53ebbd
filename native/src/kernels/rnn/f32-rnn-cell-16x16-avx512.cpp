#include "kernels/rnn/avx512-rnn-batch-rows.h"

namespace corenn {

namespace {

using namespace avx512::rnn_batch;

// W_hh h of up to 16 batch rows x 16 units (tiles j and j+1 joined per input; Tiles 1 for a last
// odd tile): 16 accumulators share each weight vector.
template <int MR, int Tiles>
void rnn_rows(const RnnCellArgs& a, int j, const int* elements) {
    const float* in[MR];
    for (int m = 0; m < MR; ++m) in[m] = a.h_prev + elements[m] * a.h_prev_stride;
    prefetch_next_xproj<0, 1, MR>(a, elements, j);
    const size_t tile = static_cast<size_t>(a.k) * 8;
    const float* w = a.w + j * tile;
    __m512 acc[MR][1];
    recurrent_rows<MR, 1>(
        [w, tile](int i, __m512(&v)[1]) { v[0] = tile_pair<Tiles>(w + static_cast<size_t>(i) * 8, tile); }, in, a.k,
        acc);
    const __m512 zero = _mm512_setzero_ps();
#pragma GCC unroll 16
    for (int m = 0; m < MR; ++m) {
        const int b = elements[m];
        const __m512 x = clip_preactivation(a, _mm512_add_ps(acc[m][0], load_units<Tiles>(xproj_row(a, b) + 8 * j)));
        // max(zero, x) returns x when x is NaN, so relu propagates NaN like PyTorch.
        store_units<Tiles>(a.h_out + b * a.h_out_stride + 8 * j, a.relu ? _mm512_max_ps(zero, x) : avx512::tanh(x));
    }
}

template <int Tiles>
void rnn_tiles(const RnnCellArgs& a, int j) {
    for_each_row_block<16, 1>(a, [&](auto rows, const int* elements) {
        rnn_rows<decltype(rows)::value, Tiles>(a, j, elements);
    });
}

}  // namespace

// Batched vanilla RNN step over float tiles (a.w), tiles in pairs (the last of an odd range alone).
void f32_rnn_cell_16x16__avx512(const RnnCellArgs& a, int tile_begin, int tile_end) {
    for (int j = tile_begin; j < tile_end; j += 2) {
        if (j + 1 < tile_end) rnn_tiles<2>(a, j);
        else rnn_tiles<1>(a, j);
    }
}

}  // namespace corenn
