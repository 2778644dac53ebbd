/*
 * corenn.h: the whole public native API of Corenn, in plain C.
 *
 * A short tour
 * ------------
 * Every op follows the same plan-then-execute shape (as FFTW plans and oneDNN primitives do):
 *
 *     corenn_dense_desc d = {.in_features = 256, .out_features = 10, .activation = CORENN_ACT_RELU};
 *     corenn_dense* op;
 *     if (corenn_dense_create(&d, weight, bias, CORENN_ISA_AUTO, &op) != CORENN_OK)
 *         fprintf(stderr, "%s\n", corenn_last_error());
 *     corenn_dense_run(op, batch, x, y, threads);   // any number of times, from any thread
 *     corenn_dense_destroy(op);
 *
 * - `create` validates the descriptor, picks a kernel for the CPU (or the forced ISA level) and
 *   prepacks the weights into that kernel's layout. The caller's weight arrays may be freed after.
 * - A created op is immutable: `run` may be called from many threads at once. Scratch memory, where
 *   an op needs any, comes from the caller (`*_workspace_size`), so nothing allocates per call.
 * - Every call that can fail returns a corenn_status; the message is in corenn_last_error(), which
 *   is thread-local. No C++ exception ever crosses this header.
 * - `threads` is an explicit OpenMP thread count (>= 1). Results are bit-identical for every count.
 *
 * Layouts are PyTorch's: activations NCHW / NCW / (seq, batch, feature), weights OIHW / OIW /
 * [out_features, in_features]. All tensors are contiguous float32.
 */
#ifndef CORENN_H
#define CORENN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CORENN_API __attribute__((visibility("default")))
#else
#define CORENN_API
#endif

/* ---------------------------------------------------------------------------------------------
 * Status, errors, version
 * ------------------------------------------------------------------------------------------- */
typedef enum corenn_status {
    CORENN_OK = 0,
    CORENN_INVALID_ARGUMENT = 1, /* a shape, size, pointer or option the op cannot accept */
    CORENN_OUT_OF_MEMORY = 2,
    CORENN_UNSUPPORTED = 3,      /* valid request this build or CPU cannot serve (e.g. forced ISA) */
    CORENN_INTERNAL = 4          /* a bug: please report the message */
} corenn_status;

/* Message of the last failed call on this thread ("" if none). Valid until the next call. */
CORENN_API const char* corenn_last_error(void);
CORENN_API const char* corenn_version(void);

/* ---------------------------------------------------------------------------------------------
 * CPU, dispatch and memory
 * ------------------------------------------------------------------------------------------- */
typedef enum corenn_isa {
    CORENN_ISA_AUTO = -1,   /* the process default: CORENN_ISA from the environment, else the best */
    CORENN_ISA_GENERIC = 0, /* x86-64 baseline, portable C++ */
    CORENN_ISA_AVX2 = 1,    /* AVX2 + FMA (+ F16C) */
    CORENN_ISA_AVX512 = 2   /* the above + AVX-512 F, CD, BW, DQ, VL; slots without a 512-bit kernel use AVX2's */
} corenn_isa;

CORENN_API int corenn_isa_best(void);     /* highest level this CPU supports */
CORENN_API int corenn_isa_default(void);  /* what CORENN_ISA_AUTO resolves to */
CORENN_API const char* corenn_isa_name(int isa);
CORENN_API const char* corenn_cpu_name(void);
CORENN_API const char* corenn_cpu_features(void); /* space-separated, e.g. "sse4.2 avx avx2 fma avx512f" */
CORENN_API int corenn_physical_cores(void);
CORENN_API const char* corenn_openblas_config(void);

/* The kernel each slot uses at an ISA level, one "slot: kernel" line per slot ("none" for an optional
 * slot that has no kernel at that level). */
CORENN_API const char* corenn_kernel_report(int isa);

/* 64-byte-aligned, zero-filled memory for tensors (NULL if out of memory); counted so tests can
 * prove nothing leaks. */
CORENN_API void* corenn_aligned_alloc(size_t bytes);
CORENN_API void corenn_aligned_free(void* p);
CORENN_API int64_t corenn_live_allocations(void); /* aligned buffers + ops not yet freed */

/* ---------------------------------------------------------------------------------------------
 * Element-wise activations
 * ------------------------------------------------------------------------------------------- */
typedef enum corenn_activation {
    CORENN_ACT_IDENTITY = 0,
    CORENN_ACT_RELU = 1,
    CORENN_ACT_LEAKY_RELU = 2, /* alpha = negative slope */
    CORENN_ACT_SIGMOID = 3,
    CORENN_ACT_TANH = 4,
    CORENN_ACT_RELU6 = 5,
    CORENN_ACT_HARDSWISH = 6,
    CORENN_ACT_CLIP = 7        /* clamp to [alpha, beta] */
} corenn_activation;

typedef struct corenn_activation_desc {
    int kind;   /* corenn_activation */
    float alpha;
    float beta;
} corenn_activation_desc;

/* y[i] = act(x[i]) for i < n; x == y is allowed (in place). */
CORENN_API corenn_status corenn_activation_run(const corenn_activation_desc* act, const float* x,
                                               float* y, size_t n, int isa, int threads);

/* ---------------------------------------------------------------------------------------------
 * Dense (fully connected): y = act(x W^T + b)
 *   x: [batch, in_features]   W: [out_features, in_features]   b: [out_features] or NULL
 *   y: [batch, out_features]
 * ------------------------------------------------------------------------------------------- */
typedef struct corenn_dense corenn_dense;

typedef struct corenn_dense_desc {
    int in_features;
    int out_features;
    corenn_activation_desc activation;
} corenn_dense_desc;

CORENN_API corenn_status corenn_dense_create(const corenn_dense_desc* desc, const float* weight,
                                             const float* bias, int isa, corenn_dense** out);
CORENN_API corenn_status corenn_dense_run(const corenn_dense* op, int batch, const float* x,
                                          float* y, int threads);
/* Which kernel run() uses for this batch size, e.g. "f32-gemv-8x4-avx2" or "openblas-sgemm". */
CORENN_API const char* corenn_dense_kernel(const corenn_dense* op, int batch);
CORENN_API void corenn_dense_destroy(corenn_dense* op);

/* ---------------------------------------------------------------------------------------------
 * Convolution family: conv2d / conv1d, pooling, batchnorm, element-wise add/mul, softmax
 *
 * Fused epilogue, per output channel c, with acc = sum over the window of x * w:
 *     t = (acc + bias[c]) * scale[c] + shift[c]        (scale/shift: a BatchNorm folded at load)
 *     y = act(t + r)    if residual == CORENN_RESIDUAL_BEFORE_ACTIVATION   (ResNet: relu(bn(conv)+x))
 *     y = act(t) + r    if residual == CORENN_RESIDUAL_AFTER_ACTIVATION
 *     y = act(t)        if residual == CORENN_RESIDUAL_NONE
 * where r is the element of the residual tensor (same shape as y) at the same position.
 *
 * Conv1d over (N, C, L) is conv2d with in_h = 1, kernel_h = 1, stride_h = dilation_h = 1 and
 * pad_top = pad_bottom = 0: the memory layouts NCL and NC1L are identical.
 * "same" padding (ONNX auto_pad) is resolved by the caller into the four pads.
 *
 * Implementations, tried in this order (CORENN_VERBOSE=1 prints the choice and each rejection):
 * depthwise (groups == in_channels) direct kernels; 1x1 stride-1 unpadded as one GEMM; 3x3
 * stride-1 dilation-1 groups-1 with >= 16 input and output channels as Winograd F(4x4, 3x3)
 * (relative L2 error <= 2e-5 against direct convolution, so not bit-exact); im2col + GEMM for the
 * rest. Results never depend on the thread count.
 * A direct convolution over the channel-blocked layout (conv2d-direct-nchw8c+<kernel>, groups 1 or
 * channels per group multiples of 8) runs every op whose input or output layout is NCHW8c (an NCHW
 * side is converted in the workspace). With NCHW on both sides it is listed after Winograd and
 * before im2col, but the two conversions cost more than it saves, so it is rejected there; see
 * corenn_conv2d_prefers_nchw8c for where it wins inside a chain.
 * ------------------------------------------------------------------------------------------- */
/* Activation layouts of the convolution family. NCHW8c is channel-blocked: [N][ceil(C/8)][H][W][8],
 * channel c at block c / 8, lane c % 8; the lanes past C in the last block are zero and every op
 * that writes this layout keeps them zero. A chain of convs (and pools) exchanging NCHW8c converts
 * only at its edges (corenn_layout_convert). */
typedef enum corenn_layout {
    CORENN_LAYOUT_NCHW = 0,
    CORENN_LAYOUT_NCHW8C = 1
} corenn_layout;

/* Floats of a [batch, channels, h, w] tensor in `layout` (NCHW8c rounds channels up to 8). */
CORENN_API size_t corenn_layout_floats(int layout, int batch, int channels, int h, int w);
/* Copies x [batch, channels, h, w] from layout `from` to layout `to` (y must not overlap x); the
 * zero lanes of NCHW8c are written. */
CORENN_API corenn_status corenn_layout_convert(int from, int to, int batch, int channels, int h, int w,
                                               const float* x, float* y, int threads);

typedef enum corenn_residual_mode {
    CORENN_RESIDUAL_NONE = 0,
    CORENN_RESIDUAL_BEFORE_ACTIVATION = 1,
    CORENN_RESIDUAL_AFTER_ACTIVATION = 2
} corenn_residual_mode;

typedef struct corenn_conv2d corenn_conv2d;

typedef struct corenn_conv2d_desc {
    int in_channels;               /* C, divisible by groups */
    int out_channels;              /* O, divisible by groups */
    int groups;                    /* >= 1; groups == in_channels is depthwise (O = k * C allowed) */
    int kernel_h, kernel_w;        /* >= 1 */
    int stride_h, stride_w;        /* >= 1 */
    int dilation_h, dilation_w;    /* >= 1 */
    int pad_top, pad_left, pad_bottom, pad_right; /* >= 0, zero padding */
    const float* scale;            /* [O] or NULL (all ones); read only by create */
    const float* shift;            /* [O] or NULL (all zeros); read only by create */
    corenn_activation_desc activation;
    int residual;                  /* corenn_residual_mode */
    int input_layout;              /* corenn_layout of x (0, NCHW, when zero-initialised) */
    int output_layout;             /* corenn_layout of y and the residual */
} corenn_conv2d_desc;

/* out_h = (in_h + pad_top + pad_bottom - dilation_h * (kernel_h - 1) - 1) / stride_h + 1, same for w;
 * fails unless both are >= 1. */
CORENN_API corenn_status corenn_conv2d_output_shape(const corenn_conv2d_desc* desc, int in_h, int in_w,
                                                    int* out_h, int* out_w);
/* weight: [O, C / groups, kernel_h, kernel_w]   bias: [O] or NULL. Prepacks; the arrays may be freed. */
CORENN_API corenn_status corenn_conv2d_create(const corenn_conv2d_desc* desc, const float* weight,
                                              const float* bias, int isa, corenn_conv2d** out);
/* 1 if a chain of ops exchanging NCHW8c should include this conv: the direct NCHW8c kernel beats
 * the conv's NCHW implementation when no conversion is needed (measured: strided, dilated, grouped
 * and small-channel convs that would run as im2col + GEMM, with >= 8 input channels per group and
 * an AVX2 kernel). 0 otherwise (Winograd, 1x1 GEMM and depthwise stay faster on NCHW) or for an
 * invalid descriptor (corenn_last_error says why). */
CORENN_API int corenn_conv2d_prefers_nchw8c(const corenn_conv2d_desc* desc, int isa);
/* Bytes of scratch run() needs for this input size (0: workspace may be NULL; also 0, with
 * corenn_last_error set, for invalid arguments). The workspace serves up to as many threads as
 * the machine has logical CPUs; run() uses no more threads than that. */
CORENN_API size_t corenn_conv2d_workspace_size(const corenn_conv2d* op, int batch, int in_h, int in_w);
/* x: [batch, C, in_h, in_w]   residual, y: [batch, O, out_h, out_w]; residual must be NULL exactly
 * when desc.residual is CORENN_RESIDUAL_NONE. y must not overlap x or residual. */
CORENN_API corenn_status corenn_conv2d_run(const corenn_conv2d* op, int batch, int in_h, int in_w,
                                           const float* x, const float* residual, float* y,
                                           void* workspace, int threads);
/* The implementation chosen at create, e.g. "f32-dwconv2d-8w-avx2" or
 * "conv2d-1x1-sgemm+f32-conv-epilogue-8x-avx2" (GEMM + fused epilogue kernel). */
CORENN_API const char* corenn_conv2d_kernel(const corenn_conv2d* op);
CORENN_API void corenn_conv2d_destroy(corenn_conv2d* op);

/* Pooling over NCHW (pool1d: in_h = 1, kernel_h = 1, stride_h = 1, no vertical padding).
 * Output size: (in + pad_begin + pad_end - dilation * (kernel - 1) - 1) / stride + 1, rounded up
 * instead of down in ceil_mode, where a last window that would start past the input and the
 * begin padding is dropped (PyTorch). Pads are at most half the dilated kernel (PyTorch's rule).
 * Max ignores padding and propagates NaN. Average divides by the window clipped to the input
 * (count_include_pad = 0) or clipped to input + padding (= 1), as PyTorch's avg_pool2d. */
typedef enum corenn_pool_kind { CORENN_POOL_MAX = 0, CORENN_POOL_AVG = 1 } corenn_pool_kind;

typedef struct corenn_pool2d_desc {
    int kind;                      /* corenn_pool_kind */
    int global;                    /* 1: one window over the whole plane (global / adaptive-to-1x1
                                      pooling); the kernel, stride, pad and dilation fields are ignored */
    int kernel_h, kernel_w;
    int stride_h, stride_w;
    int dilation_h, dilation_w;    /* max only; average needs 1 */
    int pad_top, pad_left, pad_bottom, pad_right;
    int ceil_mode;                 /* 0 or 1 */
    int count_include_pad;         /* 0 or 1, average only */
    int layout;                    /* corenn_layout of both x and y (0, NCHW, when zero-initialised) */
} corenn_pool2d_desc;

typedef struct corenn_pool2d corenn_pool2d;

CORENN_API corenn_status corenn_pool2d_output_shape(const corenn_pool2d_desc* desc, int in_h, int in_w,
                                                    int* out_h, int* out_w);
/* Validates the descriptor and picks the kernel (pooling has no weights to pack). */
CORENN_API corenn_status corenn_pool2d_create(const corenn_pool2d_desc* desc, int isa, corenn_pool2d** out);
/* Bytes of scratch run() needs for planes of this size (never 0; same thread rule as conv2d). */
CORENN_API size_t corenn_pool2d_workspace_size(const corenn_pool2d* op, int in_h, int in_w);
/* x: [batch, channels, in_h, in_w]   y: [batch, channels, out_h, out_w] */
CORENN_API corenn_status corenn_pool2d_run(const corenn_pool2d* op, int batch, int channels, int in_h,
                                           int in_w, const float* x, float* y, void* workspace,
                                           int threads);
CORENN_API const char* corenn_pool2d_kernel(const corenn_pool2d* op);
CORENN_API void corenn_pool2d_destroy(corenn_pool2d* op);

/* BatchNorm (inference) on its own, for when it cannot be folded into a conv:
 *     y = act((x - mean[c]) / sqrt(var[c] + epsilon) * gamma[c] + beta[c])
 * x, y: [batch, channels, spatial] (NCHW with spatial = H * W; BatchNorm1d: NCL, or spatial = 1).
 * gamma/beta may be NULL (1 and 0: affine = False). x == y is allowed. */
typedef struct corenn_batchnorm corenn_batchnorm;

typedef struct corenn_batchnorm_desc {
    int channels;
    float epsilon;                 /* >= 0; PyTorch's default is 1e-5 */
    corenn_activation_desc activation;
} corenn_batchnorm_desc;

CORENN_API corenn_status corenn_batchnorm_create(const corenn_batchnorm_desc* desc, const float* mean,
                                                 const float* var, const float* gamma, const float* beta,
                                                 int isa, corenn_batchnorm** out);
CORENN_API corenn_status corenn_batchnorm_run(const corenn_batchnorm* op, int batch, int64_t spatial,
                                              const float* x, float* y, int threads);
CORENN_API const char* corenn_batchnorm_kernel(const corenn_batchnorm* op);
CORENN_API void corenn_batchnorm_destroy(corenn_batchnorm* op);

/* Element-wise y = a + b or a * b with numpy broadcasting: shapes are aligned at their last axis;
 * each pair of sizes must be equal or one of them 1; the result has the larger rank and the larger
 * size per axis. Ranks 0..CORENN_MAX_RANK (rank 0 is a scalar). y must not overlap a or b unless it
 * has exactly the same shape as that operand (then y == a or y == b is allowed). */
#define CORENN_MAX_RANK 8
typedef enum corenn_eltwise_kind { CORENN_ELTWISE_ADD = 0, CORENN_ELTWISE_MUL = 1 } corenn_eltwise_kind;

/* Writes the broadcast shape to shape_y (CORENN_MAX_RANK entries) and its rank to *rank_y. */
CORENN_API corenn_status corenn_eltwise_output_shape(int rank_a, const int64_t* shape_a, int rank_b,
                                                     const int64_t* shape_b, int* rank_y, int64_t* shape_y);
CORENN_API corenn_status corenn_eltwise_run(int kind, int rank_a, const int64_t* shape_a, const float* a,
                                            int rank_b, const int64_t* shape_b, const float* b, float* y,
                                            int isa, int threads);

/* Softmax (log_softmax = 0) or log-softmax (1) over `axis` (negative counts from the end, as in
 * PyTorch) of a contiguous tensor of the given shape; x == y is allowed. */
CORENN_API corenn_status corenn_softmax_run(int log_softmax, int rank, const int64_t* shape, int axis,
                                            const float* x, float* y, int isa, int threads);

/* ---------------------------------------------------------------------------------------------
 * Recurrent networks: LSTM, GRU and vanilla RNN over whole sequences, and streaming steps
 *
 * One op is a whole stack of `num_layers` layers, each unidirectional or bidirectional, with
 * torch.nn.LSTM / GRU / RNN semantics:
 *   LSTM  gates (i, f, g, o):  c' = f*c + i*g,  h' = o*tanh(c')   (proj_size > 0: h' = W_hr (o*tanh(c')))
 *         ONNX extras: peepholes (has_peepholes) add p_i*c to i's and p_f*c to f's pre-activation and
 *         p_o*c' to o's; CORENN_RNN_LSTM_INPUT_FORGET couples the gates: f = 1 - i
 *   GRU   gates (r, z, n):     n = tanh(W_in x + b_in + r*(W_hn h + b_hn)),  h' = (1-z)*n + z*h
 *         (CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0, ONNX's default: n = tanh(W_in x + b_in + W_hn (r*h) + b_hn))
 *   RNN   h' = tanh or relu(W_ih x + b_ih + W_hh h + b_hh)
 *
 * Sizes: G = 4 (LSTM), 3 (GRU), 1 (RNN) gates; H = hidden_size; P = proj_size if > 0, else H;
 * D = 2 if bidirectional, else 1; I_l = input_size for layer 0, D*P for later layers.
 *
 * Weights: `weights` is an array of pointers in PyTorch's flat-weights order. For each layer l,
 * for each direction (forward, then reverse):
 *     w_ih [G*H][I_l],  w_hh [G*H][P],  b_ih [G*H] and b_hh [G*H] (only if has_bias),
 *     p [3][H] (only if has_peepholes: gates i, f, o; ONNX's i, o, f with CORENN_RNN_GATES_ONNX),
 *     w_hr [P][H] (only if proj_size > 0)
 * so corenn_rnn_weight_count() pointers in all. Gate blocks are stacked in the order above, or in
 * ONNX's order (LSTM i, o, f, c; GRU z, r, h) with CORENN_RNN_GATES_ONNX. ONNX's W, R and B map to
 * w_ih, w_hh, (the two halves of B) b_ih, b_hh and P to p of each direction.
 *
 * Tensors (seq = T, batch = B; with CORENN_RNN_BATCH_FIRST x and y swap their first two axes):
 *     x [T][B][I_0]    y [T][B][D*P] (forward, then reverse features)
 *     h0, h_n [num_layers*D][B][P]    c0, c_n [num_layers*D][B][H] (LSTM only; ignored otherwise)
 * h0/c0 may be NULL (zeros); h_n/c_n may be NULL (not wanted). `lengths` [B] (each in 0..T) or
 * NULL (all T) gives PyTorch packed-sequence results: y is zero past an element's length, its
 * final state is the one at its last valid step, and the reverse direction starts there.
 * The workspace needs no particular alignment. clip, peepholes, input_forget, the GRU flag and
 * CORENN_RNN_REVERSE (ONNX direction="reverse": a unidirectional stack runs from each element's last
 * step back to t = 0) are ONNX's.
 *
 * Kernels: the inputs of all timesteps (both directions) are projected by one GEMM per layer;
 * then each step runs a fused kernel per 8 hidden units (recurrent GEMV, gates, cell update in
 * registers) for batches up to 4, or for larger batches a register-blocked GEMM over the same
 * prepacked W_hh (several batch rows per weight load) with the same update on its accumulators.
 * Threads (the caller and its own helper threads, not OpenMP) claim chunks of hidden units and
 * directions step by step, so a call never waits for a helper that has no core; results are
 * bit-identical for every thread count.
 *
 *     corenn_rnn* op;
 *     corenn_rnn_create(&desc, weights, CORENN_ISA_AUTO, &op);          // prepacks every weight
 *     void* ws = corenn_aligned_alloc(corenn_rnn_workspace_size(op, T, B));
 *     corenn_rnn_run(op, T, B, x, NULL, NULL, NULL, y, h_n, c_n, ws, threads);
 *
 * Streaming: a corenn_rnn_state holds one stream's h (and c) for every layer. corenn_rnn_step
 * advances `streams` states together by `steps` timesteps as one batch, allocating nothing; the
 * result equals, bit for bit, one corenn_rnn_run over the concatenated input with the states as
 * h0/c0 (same batch of streams, same ISA); up to 4 streams, each stream's result is also the same
 * as stepping it alone, and above 4 the same as in any other group of more than 4. Forward unidirectional ops
 * only; CORENN_RNN_BATCH_FIRST does not apply to steps.
 * ------------------------------------------------------------------------------------------- */
typedef struct corenn_rnn corenn_rnn;
typedef struct corenn_rnn_state corenn_rnn_state;

typedef enum corenn_rnn_cell {
    CORENN_RNN_LSTM = 0,
    CORENN_RNN_GRU = 1,
    CORENN_RNN_TANH = 2,
    CORENN_RNN_RELU = 3
} corenn_rnn_cell;

typedef enum corenn_rnn_flag {
    CORENN_RNN_BATCH_FIRST = 1,              /* x and y are [B][T][features] */
    CORENN_RNN_GATES_ONNX = 2,               /* gate blocks in ONNX order: LSTM i,o,f,c; GRU z,r,h */
    CORENN_RNN_GRU_LINEAR_BEFORE_RESET_0 = 4, /* GRU reset gate applied before W_hn (ONNX default) */
    /* Opt-in: W_hh rounded to IEEE half (nearest even) and streamed as half, halving the bytes a
     * batch-1 step reads. Each recurrent weight then has a relative error <= 2^-11 (4.9e-4); the
     * arithmetic stays float32. Input and projection weights are unaffected. */
    CORENN_RNN_WEIGHTS_FP16 = 8,
    CORENN_RNN_LSTM_INPUT_FORGET = 16,       /* LSTM: f = 1 - i (ONNX input_forget=1); f's weights go unused */
    CORENN_RNN_REVERSE = 32                  /* bidirectional = 0: run backward in time (ONNX direction=reverse) */
} corenn_rnn_flag;

typedef struct corenn_rnn_desc {
    int cell;          /* corenn_rnn_cell */
    int input_size;
    int hidden_size;
    int num_layers;    /* >= 1 */
    int bidirectional; /* 0 or 1 */
    int has_bias;      /* 0 or 1 */
    int proj_size;     /* LSTM only: 0 (none) or 1..hidden_size-1 */
    unsigned flags;    /* corenn_rnn_flag bits */
    float clip;        /* > 0: gate pre-activations clamped to [-clip, clip] (ONNX clip); 0 = none */
    int has_peepholes; /* LSTM only: 0 or 1 (ONNX P: one more weight per direction, see above) */
} corenn_rnn_desc;

/* Number of pointers corenn_rnn_create reads from `weights` (0 if desc is NULL). */
CORENN_API int corenn_rnn_weight_count(const corenn_rnn_desc* desc);
CORENN_API corenn_status corenn_rnn_create(const corenn_rnn_desc* desc, const float* const* weights, int isa,
                                           corenn_rnn** out);
/* Bytes of scratch corenn_rnn_run needs for this sequence length and batch. */
CORENN_API size_t corenn_rnn_workspace_size(const corenn_rnn* op, int seq_len, int batch);
CORENN_API corenn_status corenn_rnn_run(const corenn_rnn* op, int seq_len, int batch, const float* x,
                                        const int32_t* lengths, const float* h0, const float* c0, float* y,
                                        float* h_n, float* c_n, void* workspace, int threads);
/* The kernels run() uses at this batch size,
 * e.g. "input f32-rnn-gemm-24x4-avx2, recurrent f32-lstm-cell-h8-avx2" (batch <= 4) or
 * "..., recurrent f32-lstm-cell-3x32-avx2" (3 batch rows x 32 gate columns per register tile). */
CORENN_API const char* corenn_rnn_kernel(const corenn_rnn* op, int batch);
CORENN_API void corenn_rnn_destroy(corenn_rnn* op);

/* A stream's state for `op` (which must outlive it), starting at zeros. */
CORENN_API corenn_status corenn_rnn_state_create(const corenn_rnn* op, corenn_rnn_state** out);
/* h: [num_layers][P], c: [num_layers][H] (LSTM); NULL means zeros. */
CORENN_API corenn_status corenn_rnn_state_reset(corenn_rnn_state* state, const float* h, const float* c);
/* Copies the state out; either pointer may be NULL. */
CORENN_API corenn_status corenn_rnn_state_read(const corenn_rnn_state* state, float* h, float* c);
CORENN_API void corenn_rnn_state_destroy(corenn_rnn_state* state);
CORENN_API size_t corenn_rnn_step_workspace_size(const corenn_rnn* op, int steps, int streams);
/* Advances states[0..streams) by `steps` timesteps. x: [steps][streams][input_size],
 * y: [steps][streams][P] (NULL if not wanted). The states must be distinct and made for `op`. */
CORENN_API corenn_status corenn_rnn_step(const corenn_rnn* op, corenn_rnn_state* const* states, int streams,
                                         int steps, const float* x, float* y, void* workspace, int threads);

/* ---------------------------------------------------------------------------------------------
 * ConvLSTM2d (Shi et al., 2015, no peepholes) over a whole sequence
 *
 *   gates_t = conv2d(concat[x_t, h_{t-1}], weight, bias), "same" zero padding (odd kernels), stride 1
 *   i, f, o = sigmoid(gate blocks 0, 1, 3), g = tanh(gate block 2)
 *   c_t = f * c_{t-1} + i * g,   h_t = o * tanh(c_t)
 *
 * weight: [4*Ch][Cin + Ch][kh][kw] (OIHW; output channels in gate blocks i, f, g, o; input channels
 * x first, then h), bias: [4*Ch] or NULL. The x part of every timestep is one convolution over the
 * whole sequence (batch T*B); each step then runs the h convolution and the fused gate update.
 *   x [T][B][Cin][H][W]   y [T][B][Ch][H][W] (h_t of every step)
 *   h0, c0, h_n, c_n [B][Ch][H][W]; h0/c0 NULL = zeros, h_n/c_n NULL = not wanted
 * ------------------------------------------------------------------------------------------- */
typedef struct corenn_convlstm2d corenn_convlstm2d;

typedef struct corenn_convlstm2d_desc {
    int in_channels;      /* Cin >= 1 */
    int hidden_channels;  /* Ch >= 1 */
    int kernel_h, kernel_w; /* odd, >= 1 */
} corenn_convlstm2d_desc;

CORENN_API corenn_status corenn_convlstm2d_create(const corenn_convlstm2d_desc* desc, const float* weight,
                                                  const float* bias, int isa, corenn_convlstm2d** out);
CORENN_API size_t corenn_convlstm2d_workspace_size(const corenn_convlstm2d* op, int seq_len, int batch,
                                                   int height, int width);
CORENN_API corenn_status corenn_convlstm2d_run(const corenn_convlstm2d* op, int seq_len, int batch, int height,
                                               int width, const float* x, const float* h0, const float* c0,
                                               float* y, float* h_n, float* c_n, void* workspace, int threads);
/* "x: <conv kernel>, h: <conv kernel>, gates: <kernel>" */
CORENN_API const char* corenn_convlstm2d_kernel(const corenn_convlstm2d* op);
CORENN_API void corenn_convlstm2d_destroy(corenn_convlstm2d* op);

#ifdef __cplusplus
}
#endif

#endif /* CORENN_H */
