#pragma once

#include <corenn/corenn.h>

#include <cstddef>

#include "config/cpu.h"

namespace corenn {

// Checks kind and parameters; `op` names the caller in the message.
void validate_activation(const corenn_activation_desc& act, const char* op);

void activation_run(const corenn_activation_desc& act, const float* x, float* y, size_t n, Isa isa, int threads);

}  // namespace corenn
