#include "api/validate.h"
#include "ops/activation.h"
#include "ops/dense.h"

using namespace corenn;

extern "C" {

corenn_status corenn_activation_run(const corenn_activation_desc* act, const float* x, float* y, size_t n, int isa,
                                    int threads) {
    return guard([&] {
        require_not_null(act, "activation", "act");
        validate_activation(*act, "activation");
        require_threads(threads, "activation");
        if (n == 0) return;
        require_not_null(x, "activation", "x");
        require_not_null(y, "activation", "y");
        activation_run(*act, x, y, n, resolve_isa(isa), threads);
    });
}

corenn_status corenn_dense_create(const corenn_dense_desc* desc, const float* weight, const float* bias, int isa,
                                  corenn_dense** out) {
    return guard([&] {
        require_not_null(out, "dense", "out");
        *out = nullptr;
        require_not_null(desc, "dense", "desc");
        *out = dense_create(*desc, weight, bias, resolve_isa(isa));
    });
}

corenn_status corenn_dense_run(const corenn_dense* op, int batch, const float* x, float* y, int threads) {
    return guard([&] {
        require_not_null(op, "dense", "op");
        CORENN_REQUIRE(batch >= 0, "dense: batch must be >= 0, got %d", batch);
        require_threads(threads, "dense");
        if (batch == 0) return;
        require_not_null(x, "dense", "x");
        require_not_null(y, "dense", "y");
        dense_run(*op, batch, x, y, threads);
    });
}

const char* corenn_dense_kernel(const corenn_dense* op, int batch) {
    return op == nullptr ? "" : dense_kernel(*op, batch);
}

void corenn_dense_destroy(corenn_dense* op) { delete op; }

}  // extern "C"
