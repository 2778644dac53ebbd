#include <algorithm>

#include "common/error.h"
#include "common/parallel.h"
#include "ops/tensor_ops.h"

namespace corenn {

void softmax_run(bool log, int rank, const int64_t* shape, int axis, const float* x, float* y, Isa isa, int threads) {
    const int64_t elements = checked_elements("softmax", "x", rank, shape);
    CORENN_REQUIRE(rank >= 1, "softmax: rank must be >= 1, got %d", rank);
    CORENN_REQUIRE(axis >= -rank && axis < rank, "softmax: axis must be in [%d, %d], got %d", -rank, rank - 1, axis);
    if (axis < 0) axis += rank;
    CORENN_REQUIRE(shape[axis] <= (int64_t{1} << 31) - 1, "softmax: the softmax axis must have < 2^31 elements, got %lld",
                   static_cast<long long>(shape[axis]));
    if (elements == 0) return;
    CORENN_REQUIRE(x != nullptr, "softmax: x must not be null");
    CORENN_REQUIRE(y != nullptr, "softmax: y must not be null");
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < axis; ++i) outer *= shape[i];
    for (int i = axis + 1; i < rank; ++i) inner *= shape[i];
    const int n = static_cast<int>(shape[axis]);
    const f32_softmax_fn kernel = kernels(isa).f32_softmax;
    // Work units: (outer index, block of up to 256 columns); a fixed split, so any thread count
    // computes every output the same way.
    constexpr int64_t kColumns = 256;
    const int64_t blocks = (inner + kColumns - 1) / kColumns;
    parallel_for(threads, outer * blocks, [&](int64_t u0, int64_t u1) {
        for (int64_t u = u0; u < u1; ++u) {
            const int64_t o = u / blocks, col = u % blocks * kColumns;
            const size_t offset = static_cast<size_t>(o * n * inner + col);
            kernel(x + offset, y + offset, n, static_cast<size_t>(inner), static_cast<size_t>(std::min(kColumns, inner - col)),
                   log);
        }
    });
}

}  // namespace corenn
