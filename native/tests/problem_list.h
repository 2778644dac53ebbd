// benchdnn-style problem descriptors shared by tests and benchmarks. A descriptor is a run of
// key/value pairs with no separators, e.g. `mb1ic64ih56oc64oh56kh3ph1`; an `_` may separate pairs
// where a key would otherwise run into the previous one (`max_mb1ic8ih7`), and a key without a
// number means 1. List files hold one descriptor per line; `#` starts a comment.
#pragma once

#include <cctype>
#include <cstdint>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace corenn::test {

class Problem {
public:
    explicit Problem(std::string text) : text_(std::move(text)) {
        size_t i = 0;
        while (i < text_.size()) {
            if (text_[i] == '_') {
                ++i;
                continue;
            }
            size_t key_end = i;
            while (key_end < text_.size() && std::islower(static_cast<unsigned char>(text_[key_end]))) ++key_end;
            size_t value_end = key_end;
            while (value_end < text_.size() && std::isdigit(static_cast<unsigned char>(text_[value_end]))) ++value_end;
            if (key_end == i) throw std::invalid_argument("problem '" + text_ + "': expected a key at " + text_.substr(i));
            const std::string key = text_.substr(i, key_end - i);
            values_[key] = value_end == key_end ? 1 : std::stoll(text_.substr(key_end, value_end - key_end));
            i = value_end;
        }
    }

    bool has(const std::string& key) const { return values_.count(key) != 0; }
    int64_t get(const std::string& key, int64_t fallback) const {
        auto it = values_.find(key);
        return it == values_.end() ? fallback : it->second;
    }
    // The first key present among `keys`, else fallback: lets `iw` default to `ih`, and so on.
    int64_t get_any(std::initializer_list<const char*> keys, int64_t fallback) const {
        for (const char* k : keys)
            if (has(k)) return values_.at(k);
        return fallback;
    }
    const std::string& text() const { return text_; }

private:
    std::string text_;
    std::map<std::string, int64_t> values_;
};

// Reads tests/lists/<name>: found beside this header, so tests run from any build directory.
inline std::vector<Problem> read_problem_list(const std::string& name) {
    std::string here = __FILE__;
    const std::string path = here.substr(0, here.find_last_of('/') + 1) + "lists/" + name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open problem list " + path);
    std::vector<Problem> problems;
    std::string line;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        const size_t first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) continue;
        const size_t last = line.find_last_not_of(" \t\r");
        problems.emplace_back(line.substr(first, last - first + 1));
    }
    return problems;
}

}  // namespace corenn::test
