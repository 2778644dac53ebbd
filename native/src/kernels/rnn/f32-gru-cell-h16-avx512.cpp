#include "kernels/rnn/avx512-rnn-step-units.h"

namespace corenn {

namespace {

// h' = (1 - z) * n + z * h, written as n + z * (h - n): one FMA.
inline __m512 blend_state(__m512 z, __m512 n, __m512 h_prev) {
    return _mm512_fmadd_ps(z, _mm512_sub_ps(h_prev, n), n);
}

}  // namespace

// GRU gates r, z, n of 16 units (two tiles) at a time. Pass 0 (PyTorch, linear_before_reset=1)
// does the whole step in registers, its GEMV three 512-bit FMAs per two inputs. ONNX's default
// multiplies r into h before W_hn, which needs every unit's r first: pass 1 stores z and r*h, the
// op waits for all threads, pass 2 finishes with W_hn (r*h).
void f32_gru_cell_h16__avx512(const RnnCellArgs& a, int tile_begin, int tile_end) {
    const auto h_prev_of = [&](int b) { return a.h_prev + b * a.h_prev_stride; };
    if (a.gru_pass == 0) {
        avx512::for_each_unit_group<3, 0, 3>(a, tile_begin, tile_end, h_prev_of, [&](int b, const avx512::Units& u,
                                                                                      __m512(&rec)[3]) {
            const float* xrow = a.xproj + a.rows[b] * a.xproj_row_stride;
            const __m512 r = avx512::sigmoid(avx512::clip_preactivation(a, _mm512_add_ps(rec[0], avx512::load_gate(a, xrow, 0, u))));
            const __m512 z = avx512::sigmoid(avx512::clip_preactivation(a, _mm512_add_ps(rec[1], avx512::load_gate(a, xrow, 1, u))));
            const __m512 n_pre = _mm512_fmadd_ps(r, _mm512_add_ps(rec[2], avx512::load_units(a.bias_hn, u)),
                                                 avx512::load_gate(a, xrow, 2, u));
            const __m512 n = avx512::tanh(avx512::clip_preactivation(a, n_pre));
            avx512::store_units(a.h_out + b * a.h_out_stride, u, blend_state(z, n, avx512::load_units(h_prev_of(b), u)));
        });
    } else if (a.gru_pass == 1) {
        avx512::for_each_unit_group<3, 0, 2>(a, tile_begin, tile_end, h_prev_of, [&](int b, const avx512::Units& u,
                                                                                      __m512(&rz)[2]) {
            const float* xrow = a.xproj + a.rows[b] * a.xproj_row_stride;
            const __m512 r = avx512::sigmoid(avx512::clip_preactivation(a, _mm512_add_ps(rz[0], avx512::load_gate(a, xrow, 0, u))));
            const __m512 z = avx512::sigmoid(avx512::clip_preactivation(a, _mm512_add_ps(rz[1], avx512::load_gate(a, xrow, 1, u))));
            avx512::store_units(a.gru_z + b * a.gru_stride, u, z);
            avx512::store_units(a.gru_rh + b * a.gru_stride, u, _mm512_mul_ps(r, avx512::load_units(h_prev_of(b), u)));
        });
    } else {
        const auto rh_of = [&](int b) { return a.gru_rh + b * a.gru_stride; };
        avx512::for_each_unit_group<3, 2, 1>(a, tile_begin, tile_end, rh_of, [&](int b, const avx512::Units& u,
                                                                                  __m512(&n_rec)[1]) {
            const float* xrow = a.xproj + a.rows[b] * a.xproj_row_stride;
            const __m512 n_sum = _mm512_add_ps(avx512::load_gate(a, xrow, 2, u),
                                               _mm512_add_ps(n_rec[0], avx512::load_units(a.bias_hn, u)));
            const __m512 n = avx512::tanh(avx512::clip_preactivation(a, n_sum));
            avx512::store_units(a.h_out + b * a.h_out_stride, u,
                                blend_state(avx512::load_units(a.gru_z + b * a.gru_stride, u), n,
                                            avx512::load_units(h_prev_of(b), u)));
        });
    }
}

}  // namespace corenn
