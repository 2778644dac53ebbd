#pragma once

#include <corenn/corenn.h>

#include "common/memory.h"
#include "config/kernels.h"

// A created dense op: immutable, shared by every caller thread.
struct corenn_dense {
    corenn_dense_desc desc{};
    corenn::Isa isa = corenn::Isa::generic;
    const corenn::KernelTable* kernels = nullptr;
    corenn::FloatBuffer weight;  // [out][in], row-major: the B operand of sgemm (transposed)
    corenn::FloatBuffer packed;  // [ceil(out/8)][in][8]: 8 rows interleaved for the GEMV kernels
    corenn::FloatBuffer bias;    // [ceil(out/8)*8], zero-padded
    corenn::LiveObject live;
};

namespace corenn {

// Batches up to this size use the GEMV kernel row by row; larger ones use OpenBLAS sgemm.
constexpr int kDenseGemvMaxBatch = 3;

corenn_dense* dense_create(const corenn_dense_desc& desc, const float* weight, const float* bias, Isa isa);
void dense_run(const corenn_dense& op, int batch, const float* x, float* y, int threads);
const char* dense_kernel(const corenn_dense& op, int batch);

}  // namespace corenn
