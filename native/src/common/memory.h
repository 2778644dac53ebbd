// 64-byte-aligned buffers (one cache line, two AVX2 registers) with a live-allocation counter that
// tests read to prove nothing leaks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

namespace corenn {

constexpr size_t kAlignment = 64;

void* aligned_alloc_bytes(size_t bytes);  // throws Error(CORENN_OUT_OF_MEMORY); never returns null
void aligned_free(void* p);
void count_live(int delta);               // for owned objects other than buffers (ops)
int64_t live_allocations();

// Owning, move-only, zero-initialised float buffer.
class FloatBuffer {
public:
    FloatBuffer() = default;
    explicit FloatBuffer(size_t n) : size_(n) {
        data_ = static_cast<float*>(aligned_alloc_bytes(n * sizeof(float)));
        std::memset(data_, 0, n * sizeof(float));
    }
    FloatBuffer(const FloatBuffer&) = delete;
    FloatBuffer& operator=(const FloatBuffer&) = delete;
    FloatBuffer(FloatBuffer&& o) noexcept : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
    FloatBuffer& operator=(FloatBuffer&& o) noexcept {
        std::swap(data_, o.data_);
        std::swap(size_, o.size_);
        return *this;
    }
    ~FloatBuffer() { aligned_free(data_); }

    float* data() { return data_; }
    const float* data() const { return data_; }
    size_t size() const { return size_; }

private:
    float* data_ = nullptr;
    size_t size_ = 0;
};

// Counts an op as a live allocation from construction to destruction.
struct LiveObject {
    LiveObject() { count_live(1); }
    LiveObject(const LiveObject&) = delete;
    LiveObject& operator=(const LiveObject&) = delete;
    ~LiveObject() { count_live(-1); }
};

}  // namespace corenn
