// Errors inside the library are C++ exceptions carrying a corenn_status; the C ABI (src/api)
// catches every one of them and turns it into a status plus a thread-local message.
#pragma once

#include <corenn/corenn.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>

namespace corenn {

class Error : public std::runtime_error {
public:
    Error(corenn_status status, std::string message)
        : std::runtime_error(std::move(message)), status_(status) {}
    corenn_status status() const { return status_; }

private:
    corenn_status status_;
};

template <typename... Args>
std::string format(const char* fmt, Args... args) {
    int n = std::snprintf(nullptr, 0, fmt, args...);
    std::string s(n > 0 ? static_cast<size_t>(n) : 0, '\0');
    if (n > 0) std::snprintf(s.data(), s.size() + 1, fmt, args...);
    return s;
}

template <typename... Args>
[[noreturn]] void fail(corenn_status status, const char* fmt, Args... args) {
    throw Error(status, format(fmt, args...));
}

// Validates an argument: CORENN_REQUIRE(n > 0, "dense: in_features must be > 0, got %d", n)
#define CORENN_REQUIRE(cond, ...) \
    do { if (!(cond)) ::corenn::fail(CORENN_INVALID_ARGUMENT, __VA_ARGS__); } while (0)

void set_last_error(const std::string& message);
void clear_last_error();

// Runs body, translating any exception into a status and a last-error message.
template <typename Body>
corenn_status guard(Body&& body) noexcept {
    try {
        clear_last_error();
        body();
        return CORENN_OK;
    } catch (const Error& e) {
        set_last_error(e.what());
        return e.status();
    } catch (const std::bad_alloc&) {
        set_last_error("out of memory");
        return CORENN_OUT_OF_MEMORY;
    } catch (const std::exception& e) {
        set_last_error(std::string("internal error: ") + e.what());
        return CORENN_INTERNAL;
    } catch (...) {
        set_last_error("internal error: unknown exception");
        return CORENN_INTERNAL;
    }
}

}  // namespace corenn
