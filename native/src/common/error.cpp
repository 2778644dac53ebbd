#include "common/error.h"

namespace corenn {

namespace {
thread_local std::string last_error;
}

void set_last_error(const std::string& message) { last_error = message; }
void clear_last_error() { last_error.clear(); }

}  // namespace corenn

extern "C" const char* corenn_last_error(void) { return corenn::last_error.c_str(); }
