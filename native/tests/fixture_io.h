// Reads the PyTorch golden fixtures (java/src/test/resources/fixtures/kernels, made by
// tools/fixtures/make_kernel_fixtures.py): a params.json per case and float32 .npy arrays.
// Just enough JSON (objects, arrays, numbers, strings, true/false/null) and .npy (little-endian
// '<f4', C order) for those files; anything else throws.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace corenn::test {

struct Json {
    enum Kind { null, boolean, number, string, array, object } kind = null;
    double value = 0;
    std::string text;
    std::vector<Json> items;
    std::map<std::string, Json> fields;

    bool has(const std::string& key) const { return kind == object && fields.count(key) != 0; }
    const Json& operator[](const std::string& key) const {
        auto it = fields.find(key);
        if (kind != object || it == fields.end()) throw std::runtime_error("json: no field " + key);
        return it->second;
    }
    // An int, or element i of a list of ints (a scalar answers for every i, as PyTorch's _pair).
    int int_at(size_t i) const { return static_cast<int>(kind == array ? items.at(i).value : value); }
    std::vector<int64_t> ints() const {
        std::vector<int64_t> out;
        for (const Json& j : items) out.push_back(static_cast<int64_t>(j.value));
        return out;
    }

    static Json parse(const std::string& s) {
        size_t at = 0;
        Json j = parse_value(s, at);
        skip_space(s, at);
        if (at != s.size()) throw std::runtime_error("json: trailing characters");
        return j;
    }

private:
    static void skip_space(const std::string& s, size_t& at) {
        while (at < s.size() && std::strchr(" \t\r\n", s[at]) != nullptr) ++at;
    }
    static void expect(const std::string& s, size_t& at, char c) {
        skip_space(s, at);
        if (at >= s.size() || s[at] != c) throw std::runtime_error(std::string("json: expected ") + c);
        ++at;
    }
    static std::string parse_string(const std::string& s, size_t& at) {
        expect(s, at, '"');
        std::string out;
        while (at < s.size() && s[at] != '"') {
            if (s[at] == '\\') ++at;  // the fixtures escape nothing beyond \" and \\ .
            out += s.at(at++);
        }
        expect(s, at, '"');
        return out;
    }
    static Json parse_value(const std::string& s, size_t& at) {
        skip_space(s, at);
        Json j;
        if (at >= s.size()) throw std::runtime_error("json: unexpected end");
        const char c = s[at];
        if (c == '{') {
            j.kind = object;
            ++at;
            skip_space(s, at);
            if (s.at(at) == '}') return ++at, j;
            for (;;) {
                std::string key = parse_string(s, at);
                expect(s, at, ':');
                j.fields[key] = parse_value(s, at);
                skip_space(s, at);
                if (s.at(at) == ',') { ++at; continue; }
                expect(s, at, '}');
                return j;
            }
        }
        if (c == '[') {
            j.kind = array;
            ++at;
            skip_space(s, at);
            if (s.at(at) == ']') return ++at, j;
            for (;;) {
                j.items.push_back(parse_value(s, at));
                skip_space(s, at);
                if (s.at(at) == ',') { ++at; continue; }
                expect(s, at, ']');
                return j;
            }
        }
        if (c == '"') {
            j.kind = string;
            j.text = parse_string(s, at);
            return j;
        }
        for (const char* word : {"true", "false", "null"})
            if (s.compare(at, std::strlen(word), word) == 0) {
                at += std::strlen(word);
                j.kind = word[0] == 'n' ? null : boolean;
                j.value = word[0] == 't' ? 1 : 0;
                return j;
            }
        size_t used = 0;
        j.kind = number;
        j.value = std::stod(s.substr(at, 40), &used);
        at += used;
        return j;
    }
};

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

struct NpyArray {
    std::vector<int64_t> shape;
    std::vector<float> data;
};

inline NpyArray read_npy(const std::string& path) {
    const std::string bytes = read_text(path);
    if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) throw std::runtime_error(path + ": not .npy");
    const int major = static_cast<unsigned char>(bytes[6]);
    const size_t header_len = major == 1 ? (static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8)
                                         : (static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8 |
                                            static_cast<unsigned char>(bytes[10]) << 16);
    const size_t header_at = major == 1 ? 10 : 12;
    const std::string header = bytes.substr(header_at, header_len);
    if (header.find("'<f4'") == std::string::npos || header.find("'fortran_order': False") == std::string::npos)
        throw std::runtime_error(path + ": only little-endian float32 C-order arrays are supported");
    NpyArray a;
    const size_t open = header.find('(', header.find("'shape'")), close = header.find(')', open);
    std::stringstream dims(header.substr(open + 1, close - open - 1));
    std::string item;
    size_t count = 1;
    while (std::getline(dims, item, ','))
        if (item.find_first_not_of(' ') != std::string::npos) {
            a.shape.push_back(std::stoll(item));
            count *= static_cast<size_t>(a.shape.back());
        }
    const size_t data_at = header_at + header_len;
    if (bytes.size() != data_at + count * sizeof(float)) throw std::runtime_error(path + ": size does not match shape");
    a.data.resize(count);
    std::memcpy(a.data.data(), bytes.data() + data_at, count * sizeof(float));
    return a;
}

}  // namespace corenn::test
