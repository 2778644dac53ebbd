// C entry points of batchnorm, element-wise ops and softmax.
#include "api/validate.h"
#include "config/cpu.h"
#include "ops/tensor_ops.h"

using namespace corenn;

extern "C" {

corenn_status corenn_batchnorm_create(const corenn_batchnorm_desc* desc, const float* mean, const float* var,
                                      const float* gamma, const float* beta, int isa, corenn_batchnorm** out) {
    return guard([&] {
        require_not_null(out, "batchnorm", "out");
        *out = nullptr;
        require_not_null(desc, "batchnorm", "desc");
        *out = batchnorm_create(*desc, mean, var, gamma, beta, resolve_isa(isa));
    });
}

corenn_status corenn_batchnorm_run(const corenn_batchnorm* op, int batch, int64_t spatial, const float* x, float* y,
                                   int threads) {
    return guard([&] {
        require_not_null(op, "batchnorm", "op");
        CORENN_REQUIRE(batch >= 0, "batchnorm: batch must be >= 0, got %d", batch);
        CORENN_REQUIRE(spatial >= 0 && spatial <= (int64_t{1} << 40), "batchnorm: spatial must be in [0, 2^40], got %lld",
                       static_cast<long long>(spatial));
        require_threads(threads, "batchnorm");
        if (batch == 0 || spatial == 0) return;
        require_not_null(x, "batchnorm", "x");
        require_not_null(y, "batchnorm", "y");
        batchnorm_run(*op, batch, spatial, x, y, threads);
    });
}

const char* corenn_batchnorm_kernel(const corenn_batchnorm* op) {
    return op == nullptr ? "" : op->kernels->f32_affine_name;
}

void corenn_batchnorm_destroy(corenn_batchnorm* op) { delete op; }

corenn_status corenn_eltwise_output_shape(int rank_a, const int64_t* shape_a, int rank_b, const int64_t* shape_b,
                                          int* rank_y, int64_t* shape_y) {
    return guard([&] {
        require_not_null(rank_y, "eltwise", "rank_y");
        require_not_null(shape_y, "eltwise", "shape_y");
        eltwise_output_shape(rank_a, shape_a, rank_b, shape_b, rank_y, shape_y);
    });
}

corenn_status corenn_eltwise_run(int kind, int rank_a, const int64_t* shape_a, const float* a, int rank_b,
                                 const int64_t* shape_b, const float* b, float* y, int isa, int threads) {
    return guard([&] {
        CORENN_REQUIRE(kind == CORENN_ELTWISE_ADD || kind == CORENN_ELTWISE_MUL,
                       "eltwise: kind must be 0 (add) or 1 (mul), got %d", kind);
        int rank_y = 0;
        int64_t shape_y[CORENN_MAX_RANK];
        eltwise_output_shape(rank_a, shape_a, rank_b, shape_b, &rank_y, shape_y);
        require_threads(threads, "eltwise");
        const Isa level = resolve_isa(isa);
        if (checked_elements("eltwise", "y", rank_y, shape_y) == 0) return;
        require_not_null(a, "eltwise", "a");
        require_not_null(b, "eltwise", "b");
        require_not_null(y, "eltwise", "y");
        eltwise_run(kind, rank_a, shape_a, a, rank_b, shape_b, b, y, level, threads);
    });
}

corenn_status corenn_softmax_run(int log_softmax, int rank, const int64_t* shape, int axis, const float* x, float* y,
                                 int isa, int threads) {
    return guard([&] {
        CORENN_REQUIRE(log_softmax == 0 || log_softmax == 1, "softmax: log_softmax must be 0 or 1, got %d", log_softmax);
        require_threads(threads, "softmax");
        softmax_run(log_softmax == 1, rank, shape, axis, x, y, resolve_isa(isa), threads);
    });
}

}  // extern "C"
