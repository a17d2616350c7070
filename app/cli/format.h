#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace resdense::cli {

// 1234567 -> "1,234,567"
std::string grouped(std::int64_t n);
// 269722 -> "0.27 M", 1814000000 -> "1.81 G"
std::string scaled(double n);
// 40960 -> "40.0 KiB"
std::string bytes(std::int64_t n);
// {64, 8, 8} -> "64x8x8"
std::string shape(const std::vector<std::int64_t>& dims);

} // namespace resdense::cli
