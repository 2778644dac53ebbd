// Winograd F(4x4, 3x3) transforms (Lavin & Gray's matrices, interpolation points 0, +-1, +-2 and
// infinity), written once for any arithmetic type V: float in the generic kernels, __m256 (eight
// tiles at once, through GCC's vector operators) in the AVX2 ones.
//   input:  V = B^T d B   (d: 6x6 patch)      output: Y = A^T M A   (M: 6x6 products, Y: 4x4)
#pragma once

namespace corenn::winograd43 {

// One 6-point row or column of B^T d: the six transformed values of d0..d5.
template <typename V>
inline void input_line(const V d[6], V t[6]) {
    t[0] = 4.0f * d[0] - 5.0f * d[2] + d[4];
    t[1] = d[3] + d[4] - 4.0f * (d[1] + d[2]);
    t[2] = d[4] - d[3] + 4.0f * (d[1] - d[2]);
    t[3] = d[4] - d[2] + 2.0f * (d[3] - d[1]);
    t[4] = d[4] - d[2] + 2.0f * (d[1] - d[3]);
    t[5] = 4.0f * d[1] - 5.0f * d[3] + d[5];
}

// d: 6x6 patch, row-major; v: 36 components, row-major (component k = 6 i + j).
template <typename V>
inline void input_tile(const V d[36], V v[36]) {
    V t[36];
    for (int j = 0; j < 6; ++j) {
        V column[6], out[6];
        for (int i = 0; i < 6; ++i) column[i] = d[i * 6 + j];
        input_line(column, out);
        for (int i = 0; i < 6; ++i) t[i * 6 + j] = out[i];
    }
    for (int i = 0; i < 6; ++i) input_line(t + i * 6, v + i * 6);
}

// One 6-point line of A^T m: the four outputs.
template <typename V>
inline void output_line(const V m[6], V y[4]) {
    const V plus12 = m[1] + m[2], minus12 = m[1] - m[2], plus34 = m[3] + m[4], minus34 = m[3] - m[4];
    y[0] = m[0] + plus12 + plus34;
    y[1] = minus12 + 2.0f * minus34;
    y[2] = plus12 + 4.0f * plus34;
    y[3] = minus12 + 8.0f * minus34 + m[5];
}

// m: 36 products, row-major; y: 4x4 outputs, row-major.
template <typename V>
inline void output_tile(const V m[36], V y[16]) {
    V t[24];  // A^T m: 4 x 6
    for (int j = 0; j < 6; ++j) {
        V column[6], out[4];
        for (int i = 0; i < 6; ++i) column[i] = m[i * 6 + j];
        output_line(column, out);
        for (int i = 0; i < 4; ++i) t[i * 6 + j] = out[i];
    }
    for (int i = 0; i < 4; ++i) output_line(t + i * 6, y + i * 4);
}

}  // namespace corenn::winograd43
