// The convolution family's tensor ops that have no window: standalone BatchNorm, broadcasting
// element-wise add/mul, softmax / log-softmax.
#pragma once

#include <corenn/corenn.h>

#include <cstdint>

#include "common/memory.h"
#include "config/kernels.h"

// A created batchnorm op: the statistics folded into one scale and shift per channel.
struct corenn_batchnorm {
    corenn_batchnorm_desc desc{};
    const corenn::KernelTable* kernels = nullptr;
    corenn::FloatBuffer scale;  // [C]: gamma / sqrt(var + eps)
    corenn::FloatBuffer shift;  // [C]: beta - mean * scale
    corenn::LiveObject live;
};

namespace corenn {

corenn_batchnorm* batchnorm_create(const corenn_batchnorm_desc& desc, const float* mean, const float* var,
                                   const float* gamma, const float* beta, Isa isa);
void batchnorm_run(const corenn_batchnorm& op, int batch, int64_t spatial, const float* x, float* y, int threads);

// Validates both shapes and returns the broadcast one (rank in *rank_y).
void eltwise_output_shape(int rank_a, const int64_t* shape_a, int rank_b, const int64_t* shape_b, int* rank_y,
                          int64_t* shape_y);
void eltwise_run(int kind, int rank_a, const int64_t* shape_a, const float* a, int rank_b, const int64_t* shape_b,
                 const float* b, float* y, Isa isa, int threads);

void softmax_run(bool log, int rank, const int64_t* shape, int axis, const float* x, float* y, Isa isa, int threads);

// Elements of a shape, validated: rank in [0, CORENN_MAX_RANK], sizes >= 0, product < 2^62.
int64_t checked_elements(const char* op, const char* what, int rank, const int64_t* shape);

}  // namespace corenn
