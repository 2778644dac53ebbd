#include "kernels/rnn/avx512-rnn-step-units.h"

namespace corenn {

namespace {

// OnnxExtras adds ONNX's peepholes (p_i, p_f times the old c; p_o times the new one) and
// input_forget (f = 1 - i); the plain PyTorch cell is compiled without either test.
template <bool OnnxExtras>
void lstm_tiles(const RnnCellArgs& a, int tile_begin, int tile_end) {
    const float* peephole = OnnxExtras ? a.peephole : nullptr;
    const size_t Hp = static_cast<size_t>(a.hidden_padded);
    const auto h_prev_of = [&](int b) { return a.h_prev + b * a.h_prev_stride; };
    avx512::for_each_unit_group<4, 0, 4>(a, tile_begin, tile_end, h_prev_of, [&](int b, const avx512::Units& u,
                                                                                  __m512(&pre)[4]) {
        const float* xrow = a.xproj + a.rows[b] * a.xproj_row_stride;
#pragma GCC unroll 4
        for (int g = 0; g < 4; ++g) pre[g] = _mm512_add_ps(pre[g], avx512::load_gate(a, xrow, g, u));
        float* c = a.c + b * a.c_stride;
        const __m512 c_old = avx512::load_units(c, u);
        if (OnnxExtras && peephole != nullptr) {
            pre[0] = _mm512_fmadd_ps(avx512::load_units(peephole, u), c_old, pre[0]);
            pre[1] = _mm512_fmadd_ps(avx512::load_units(peephole + Hp, u), c_old, pre[1]);
        }
        const __m512 i = avx512::sigmoid(avx512::clip_preactivation(a, pre[0]));
        const __m512 f = OnnxExtras && a.input_forget ? _mm512_sub_ps(_mm512_set1_ps(1.0f), i)
                                                      : avx512::sigmoid(avx512::clip_preactivation(a, pre[1]));
        const __m512 g = avx512::tanh(avx512::clip_preactivation(a, pre[2]));
        const __m512 c_new = _mm512_fmadd_ps(f, c_old, _mm512_mul_ps(i, g));
        if (OnnxExtras && peephole != nullptr)
            pre[3] = _mm512_fmadd_ps(avx512::load_units(peephole + 2 * Hp, u), c_new, pre[3]);
        const __m512 o = avx512::sigmoid(avx512::clip_preactivation(a, pre[3]));
        avx512::store_units(c, u, c_new);
        avx512::store_units(a.h_out + b * a.h_out_stride, u, _mm512_mul_ps(o, avx512::tanh(c_new)));
    });
}

}  // namespace

// Gates i, f, g, o of 16 hidden units (two tiles) stay in registers from the recurrent GEMV, two
// 512-bit FMAs per input, through the cell update: c' = f*c + i*g, h' = o*tanh(c'). The same
// operations per unit as the AVX2 cell, which gives the same values up to the order of the
// GEMV's partial sums.
void f32_lstm_cell_h16__avx512(const RnnCellArgs& a, int tile_begin, int tile_end) {
    if (a.peephole != nullptr || a.input_forget) lstm_tiles<true>(a, tile_begin, tile_end);
    else lstm_tiles<false>(a, tile_begin, tile_end);
}

}  // namespace corenn
