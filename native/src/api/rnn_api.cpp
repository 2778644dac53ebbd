#include <atomic>

#include "api/validate.h"
#include "ops/rnn.h"
#include "ops/rnn_stream.h"

using namespace corenn;

namespace {

void require_sequence(int seq_len, int batch, const char* op) {
    CORENN_REQUIRE(seq_len >= 0, "%s: seq_len must be >= 0, got %d", op, seq_len);
    CORENN_REQUIRE(batch >= 0, "%s: batch must be >= 0, got %d", op, batch);
    CORENN_REQUIRE(int64_t{seq_len} * batch <= INT32_MAX, "%s: seq_len * batch must be <= 2^31-1, got %d x %d", op,
                   seq_len, batch);
}

}  // namespace

extern "C" {

int corenn_rnn_weight_count(const corenn_rnn_desc* desc) {
    if (desc == nullptr || desc->num_layers < 0 || desc->num_layers > 1024) return 0;
    return rnn_weight_count(*desc);
}

corenn_status corenn_rnn_create(const corenn_rnn_desc* desc, const float* const* weights, int isa,
                                corenn_rnn** out) {
    return guard([&] {
        require_not_null(out, "rnn", "out");
        *out = nullptr;
        require_not_null(desc, "rnn", "desc");
        *out = rnn_create(*desc, weights, resolve_isa(isa));
    });
}

size_t corenn_rnn_workspace_size(const corenn_rnn* op, int seq_len, int batch) {
    if (op == nullptr || seq_len < 0 || batch < 0 || int64_t{seq_len} * batch > INT32_MAX) return 0;
    return rnn_workspace_size(*op, seq_len, batch);
}

corenn_status corenn_rnn_run(const corenn_rnn* op, int seq_len, int batch, const float* x, const int32_t* lengths,
                             const float* h0, const float* c0, float* y, float* h_n, float* c_n, void* workspace,
                             int threads) {
    return guard([&] {
        require_not_null(op, "rnn", "op");
        require_sequence(seq_len, batch, "rnn");
        require_threads(threads, "rnn");
        if (batch == 0) return;
        if (seq_len > 0) {
            require_not_null(x, "rnn", "x");
            require_not_null(y, "rnn", "y");
        }
        require_not_null(workspace, "rnn", "workspace");
        if (lengths != nullptr)
            for (int b = 0; b < batch; ++b)
                CORENN_REQUIRE(lengths[b] >= 0 && lengths[b] <= seq_len,
                               "rnn: lengths[%d] must be in [0, seq_len=%d], got %d", b, seq_len, lengths[b]);
        RnnIo io;
        io.x = x;
        io.lengths = lengths;
        io.h0 = h0;
        io.c0 = c0;
        io.y = y;
        io.h_n = h_n;
        io.c_n = c_n;
        io.batch_first = (op->desc.flags & CORENN_RNN_BATCH_FIRST) != 0;
        rnn_run(*op, seq_len, batch, io, workspace, threads);
    });
}

const char* corenn_rnn_kernel(const corenn_rnn* op, int batch) { return op == nullptr ? "" : rnn_kernel(*op, batch); }

void corenn_rnn_destroy(corenn_rnn* op) { delete op; }

corenn_status corenn_rnn_state_create(const corenn_rnn* op, corenn_rnn_state** out) {
    return guard([&] {
        require_not_null(out, "rnn_state", "out");
        *out = nullptr;
        require_not_null(op, "rnn_state", "op");
        *out = rnn_state_create(*op);
    });
}

corenn_status corenn_rnn_state_reset(corenn_rnn_state* state, const float* h, const float* c) {
    return guard([&] {
        require_not_null(state, "rnn_state", "state");
        rnn_state_reset(*state, h, c);
    });
}

corenn_status corenn_rnn_state_read(const corenn_rnn_state* state, float* h, float* c) {
    return guard([&] {
        require_not_null(state, "rnn_state", "state");
        rnn_state_read(*state, h, c);
    });
}

void corenn_rnn_state_destroy(corenn_rnn_state* state) { delete state; }

size_t corenn_rnn_step_workspace_size(const corenn_rnn* op, int steps, int streams) {
    if (op == nullptr || steps < 0 || streams < 0 || int64_t{steps} * streams > INT32_MAX) return 0;
    return rnn_step_workspace_size(*op, steps, streams);
}

corenn_status corenn_rnn_step(const corenn_rnn* op, corenn_rnn_state* const* states, int streams, int steps,
                              const float* x, float* y, void* workspace, int threads) {
    return guard([&] {
        require_not_null(op, "rnn_step", "op");
        CORENN_REQUIRE(op->dirs == 1, "rnn_step: streaming needs a unidirectional rnn, got bidirectional=%d",
                       op->desc.bidirectional);
        CORENN_REQUIRE((op->desc.flags & CORENN_RNN_REVERSE) == 0,
                       "rnn_step: streaming needs a forward rnn, got flag CORENN_RNN_REVERSE");
        CORENN_REQUIRE(streams >= 0, "rnn_step: streams must be >= 0, got %d", streams);
        require_sequence(steps, streams, "rnn_step");
        require_threads(threads, "rnn_step");
        if (streams == 0 || steps == 0) return;
        require_not_null(states, "rnn_step", "states");
        require_not_null(x, "rnn_step", "x");
        require_not_null(workspace, "rnn_step", "workspace");
        for (int s = 0; s < streams; ++s) {
            CORENN_REQUIRE(states[s] != nullptr, "rnn_step: states[%d] must not be null", s);
            CORENN_REQUIRE(states[s]->op == op, "rnn_step: states[%d] was created for another rnn op", s);
        }
        // Each state's slot is written back after the step; a repeated state would lose a stream.
        // A fresh mark per call finds repeats in one pass without allocating.
        static std::atomic<uint64_t> calls{0};
        const uint64_t mark = calls.fetch_add(1, std::memory_order_relaxed) + 1;
        for (int s = 0; s < streams; ++s) {
            CORENN_REQUIRE(states[s]->step_mark != mark, "rnn_step: states must be distinct, states[%d] repeats", s);
            states[s]->step_mark = mark;
        }
        rnn_step(*op, states, streams, steps, x, y, workspace, threads);
    });
}

}  // extern "C"
