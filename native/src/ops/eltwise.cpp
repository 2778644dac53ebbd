// Broadcasting element-wise ops. The broadcast shape is collapsed to as few axes as possible
// (adjacent axes merge when both operands broadcast them the same way), so the innermost run is
// as long as possible and each operand is either read contiguously or repeated (step 0) in it.
#include <algorithm>

#include "common/error.h"
#include "common/parallel.h"
#include "ops/tensor_ops.h"

namespace corenn {

namespace {

constexpr int64_t kMaxElements = int64_t{1} << 62;

struct Collapsed {
    int rank = 0;
    int64_t size[CORENN_MAX_RANK] = {};
    int64_t stride_a[CORENN_MAX_RANK] = {}, stride_b[CORENN_MAX_RANK] = {};  // 0 where broadcast
};

Collapsed collapse(int rank_a, const int64_t* shape_a, int rank_b, const int64_t* shape_b) {
    const int rank = std::max(rank_a, rank_b);
    int64_t a[CORENN_MAX_RANK], b[CORENN_MAX_RANK];
    for (int i = 0; i < rank; ++i) {
        a[i] = i < rank - rank_a ? 1 : shape_a[i - (rank - rank_a)];
        b[i] = i < rank - rank_b ? 1 : shape_b[i - (rank - rank_b)];
    }
    Collapsed c;
    bool last_a = false, last_b = false;
    for (int i = 0; i < rank; ++i) {
        const int64_t size = std::max(a[i], b[i]);
        if (size == 1) continue;
        const bool broadcast_a = a[i] == 1, broadcast_b = b[i] == 1;
        if (c.rank > 0 && broadcast_a == last_a && broadcast_b == last_b) {
            c.size[c.rank - 1] *= size;
        } else {
            c.size[c.rank++] = size;
            last_a = broadcast_a;
            last_b = broadcast_b;
        }
        c.stride_a[c.rank - 1] = broadcast_a ? 0 : 1;  // marks only; real strides below
        c.stride_b[c.rank - 1] = broadcast_b ? 0 : 1;
    }
    int64_t running_a = 1, running_b = 1;
    for (int i = c.rank - 1; i >= 0; --i) {
        if (c.stride_a[i] != 0) {
            c.stride_a[i] = running_a;
            running_a *= c.size[i];
        }
        if (c.stride_b[i] != 0) {
            c.stride_b[i] = running_b;
            running_b *= c.size[i];
        }
    }
    if (c.rank == 0) {  // a scalar result: one run of length 1
        c.rank = 1;
        c.size[0] = 1;
        c.stride_a[0] = c.stride_b[0] = 1;
    }
    return c;
}

}  // namespace

int64_t checked_elements(const char* op, const char* what, int rank, const int64_t* shape) {
    CORENN_REQUIRE(rank >= 0 && rank <= CORENN_MAX_RANK, "%s: rank of %s must be in [0, %d], got %d", op, what,
                   CORENN_MAX_RANK, rank);
    CORENN_REQUIRE(rank == 0 || shape != nullptr, "%s: shape of %s must not be null", op, what);
    int64_t elements = 1;
    for (int i = 0; i < rank; ++i) {
        CORENN_REQUIRE(shape[i] >= 0, "%s: %s size %d must be >= 0, got %lld", op, what, i,
                       static_cast<long long>(shape[i]));
        CORENN_REQUIRE(shape[i] == 0 || elements <= kMaxElements / shape[i], "%s: %s has more than 2^62 elements", op,
                       what);
        elements *= shape[i];
    }
    return elements;
}

void eltwise_output_shape(int rank_a, const int64_t* shape_a, int rank_b, const int64_t* shape_b, int* rank_y,
                          int64_t* shape_y) {
    checked_elements("eltwise", "a", rank_a, shape_a);
    checked_elements("eltwise", "b", rank_b, shape_b);
    const int rank = std::max(rank_a, rank_b);
    for (int i = 0; i < rank; ++i) {
        const int64_t a = i < rank - rank_a ? 1 : shape_a[i - (rank - rank_a)];
        const int64_t b = i < rank - rank_b ? 1 : shape_b[i - (rank - rank_b)];
        CORENN_REQUIRE(a == b || a == 1 || b == 1,
                       "eltwise: shapes do not broadcast: axis %d (counted from the front of the result) has sizes "
                       "%lld and %lld",
                       i, static_cast<long long>(a), static_cast<long long>(b));
        shape_y[i] = a == 1 ? b : a;
    }
    *rank_y = rank;
}

void eltwise_run(int kind, int rank_a, const int64_t* shape_a, const float* a, int rank_b, const int64_t* shape_b,
                 const float* b, float* y, Isa isa, int threads) {
    const Collapsed c = collapse(rank_a, shape_a, rank_b, shape_b);
    const int inner_axis = c.rank - 1;
    const int64_t inner = c.size[inner_axis];
    int64_t rows = 1;
    for (int i = 0; i < inner_axis; ++i) rows *= c.size[i];
    const f32_eltwise_fn kernel = kernels(isa).f32_eltwise;
    const int step_a = c.stride_a[inner_axis] != 0 ? 1 : 0, step_b = c.stride_b[inner_axis] != 0 ? 1 : 0;
    // Rows are grouped into units of >= ~16K floats, a count that depends on the shape alone.
    const int64_t per_unit = std::max<int64_t>(1, 16384 / inner);
    parallel_for(threads, (rows + per_unit - 1) / per_unit, [&](int64_t u0, int64_t u1) {
        for (int64_t row = u0 * per_unit; row < std::min(rows, u1 * per_unit); ++row) {
            int64_t offset_a = 0, offset_b = 0, rest = row;
            for (int i = inner_axis - 1; i >= 0; --i) {
                const int64_t index = rest % c.size[i];
                rest /= c.size[i];
                offset_a += index * c.stride_a[i];
                offset_b += index * c.stride_b[i];
            }
            kernel(kind, a + offset_a, step_a, b + offset_b, step_b, y + row * inner, static_cast<size_t>(inner));
        }
    });
}

}  // namespace corenn
