#include "kernels/rnn/avx512-rnn-step-units.h"

namespace corenn {

// Vanilla RNN: h' = tanh or relu(W_ih x + b + W_hh h) for 16 units (two tiles) at a time; the
// GEMV covers two inputs per 512-bit FMA.
void f32_rnn_cell_h16__avx512(const RnnCellArgs& a, int tile_begin, int tile_end) {
    const __m512 zero = _mm512_setzero_ps();
    const auto h_prev_of = [&](int b) { return a.h_prev + b * a.h_prev_stride; };
    avx512::for_each_unit_group<1, 0, 1>(a, tile_begin, tile_end, h_prev_of, [&](int b, const avx512::Units& u,
                                                                                  __m512(&pre)[1]) {
        const float* xrow = a.xproj + a.rows[b] * a.xproj_row_stride;
        const __m512 x = avx512::clip_preactivation(a, _mm512_add_ps(pre[0], avx512::load_gate(a, xrow, 0, u)));
        // max(zero, x) returns x when x is NaN, so relu propagates NaN like PyTorch.
        const __m512 h = a.relu ? _mm512_max_ps(zero, x) : avx512::tanh(x);
        avx512::store_units(a.h_out + b * a.h_out_stride, u, h);
    });
}

}  // namespace corenn
