// shape.h — the dimensions of a tensor, outermost first (row-major, like PyTorch), and their
// element count, checked once when the shape is made.
// Paper: none (infrastructure)
#pragma once

// A shape whose element count would exceed kMaxElements is an error when it is constructed, so
// numel() never wraps around and numel() * sizeof(any element) always fits an int64_t: sizes
// computed from a shape read from a file cannot turn into a small allocation and a large write.

#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <vector>

namespace simcse {

class Shape {
 public:
  static constexpr int64_t kMaxElements = int64_t{1} << 60;

  Shape() = default;
  Shape(std::initializer_list<int64_t> dims);
  explicit Shape(std::vector<int64_t> dims);

  int rank() const { return static_cast<int>(dims_.size()); }
  // dim(-1) is the last dimension, as in PyTorch.
  int64_t dim(int index) const;
  int64_t operator[](int index) const { return dim(index); }
  int64_t numel() const { return numel_; }
  // Product of every dimension but the last: the number of "rows" an op over the last axis sees.
  int64_t rows() const;
  const std::vector<int64_t>& dims() const { return dims_; }
  std::string str() const;  // "[2, 3, 768]"

  bool operator==(const Shape& other) const { return dims_ == other.dims_; }
  bool operator!=(const Shape& other) const { return dims_ != other.dims_; }

 private:
  std::vector<int64_t> dims_;
  int64_t numel_ = 1;
};

std::ostream& operator<<(std::ostream& out, const Shape& shape);

}  // namespace simcse
