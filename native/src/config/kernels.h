// The table of microkernels chosen once per ISA level. slots.inc declares each slot's function type;
// kernels.inc lists every implementation in order of preference (later wins when the CPU has its ISA).
// Adding a kernel variant is one line in kernels.inc plus its file in src/kernels/.
#pragma once

#include <corenn/corenn.h>

#include <cstddef>
#include <string>
#include <type_traits>

#include "config/cpu.h"

namespace corenn {

// y[i] = act(x[i]) for i < n (x == y allowed).
using f32_activation_fn = void (*)(const corenn_activation_desc& act, const float* x, float* y, size_t n);

// Dense rows over weights packed in blocks of 8 rows (see ops/dense.cpp): for row blocks
// [block_begin, block_end), y[r] = act(bias[r] + sum_i W[r][i] * x[i]) for every r < rows.
// w_packed: [ceil(rows/8)][in][8]   bias: [ceil(rows/8)*8], zero-padded
using f32_gemv_fn = void (*)(const float* w_packed, const float* bias, const float* x, float* y, int in,
                             int rows, int block_begin, int block_end, const corenn_activation_desc& act);

#include "config/kernel-types-conv.h"
#include "config/kernel-types-rnn.h"
#include "config/kernel-types-convlstm.h"
#include "config/kernel-types-convblk.h"

struct KernelTable {
#define CORENN_SLOT(slot) slot##_fn slot = nullptr; const char* slot##_name = nullptr;
#include "config/slots.inc"
#undef CORENN_SLOT
};

// Built on first use; safe to call from any thread.
const KernelTable& kernels(Isa isa);

// Declares every kernel listed in kernels.inc with its slot's signature; each kernel file defines one.
#define CORENN_KERNEL(slot, isa, name, function) std::remove_pointer_t<slot##_fn> function;
#include "config/kernels.inc"
#undef CORENN_KERNEL

// "slot: kernel" per line, for corenn info.
std::string kernel_report(Isa isa);

}  // namespace corenn
