// Latency samples and the figures the benchmark reports from them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace truinlag::bench {

// Nanosecond samples of one measurement; percentiles by nearest rank.
class Latencies {
 public:
  void reserve(std::size_t n) { samples_.reserve(n); }
  void add(std::uint64_t nanoseconds) {
    samples_.push_back(nanoseconds);
    sorted_ = false;
  }
  std::size_t count() const { return samples_.size(); }

  // The p-th percentile (0 < p <= 100) in microseconds; 0 without samples.
  double percentile_us(double p) {
    if (samples_.empty()) return 0;
    if (!sorted_) {
      std::sort(samples_.begin(), samples_.end());
      sorted_ = true;
    }
    auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples_.size()));
    if (rank >= samples_.size()) rank = samples_.size() - 1;
    return static_cast<double>(samples_[rank]) / 1000.0;
  }

 private:
  std::vector<std::uint64_t> samples_;
  bool sorted_ = true;
};

}  // namespace truinlag::bench
