#include "ops/activation.h"

#include <cmath>

#include "common/error.h"
#include "common/parallel.h"
#include "config/kernels.h"

namespace corenn {

void validate_activation(const corenn_activation_desc& act, const char* op) {
    CORENN_REQUIRE(act.kind >= CORENN_ACT_IDENTITY && act.kind <= CORENN_ACT_CLIP,
                   "%s: activation kind must be 0..7, got %d", op, act.kind);
    if (act.kind == CORENN_ACT_LEAKY_RELU)
        CORENN_REQUIRE(std::isfinite(act.alpha), "%s: leaky relu slope must be finite, got %g", op, act.alpha);
    if (act.kind == CORENN_ACT_CLIP)
        CORENN_REQUIRE(!std::isnan(act.alpha) && !std::isnan(act.beta) && act.alpha <= act.beta,
                       "%s: clip needs min <= max, got [%g, %g]", op, act.alpha, act.beta);
}

void activation_run(const corenn_activation_desc& act, const float* x, float* y, size_t n, Isa isa, int threads) {
    const f32_activation_fn kernel = kernels(isa).f32_activation;
    // Chunks of 16K floats (64 KiB) keep the per-thread split cheap and cache friendly.
    constexpr size_t kChunk = 16384;
    const int64_t chunks = static_cast<int64_t>((n + kChunk - 1) / kChunk);
    parallel_for(threads, chunks, [&](int64_t c0, int64_t c1) {
        const size_t begin = static_cast<size_t>(c0) * kChunk;
        const size_t end = std::min(n, static_cast<size_t>(c1) * kChunk);
        kernel(act, x + begin, y + begin, end - begin);
    });
}

}  // namespace corenn
