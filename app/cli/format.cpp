#include "cli/format.h"

#include <cstdio>

namespace resdense::cli {

std::string grouped(std::int64_t n)
{
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    if (n < 0)
        out.insert(out.begin(), '-');
    return out;
}

std::string scaled(double n)
{
    const char* units[] = {"", " K", " M", " G", " T"};
    int u = 0;
    while (n >= 1000.0 && u < 4) {
        n /= 1000.0;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f%s" : "%.2f%s", n, units[u]);
    return buf;
}

std::string bytes(std::int64_t n)
{
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(n);
    int u = 0;
    while (v >= 1024.0 && u < 4) {
        v /= 1024.0;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

std::string shape(const std::vector<std::int64_t>& dims)
{
    std::string out;
    for (std::size_t i = 0; i < dims.size(); ++i)
        out += (i ? "x" : "") + std::to_string(dims[i]);
    return out;
}

} // namespace resdense::cli
