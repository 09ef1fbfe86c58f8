// shape.h — the dimensions of a tensor, outermost first (row-major, like PyTorch).
// Paper: none (infrastructure)
#pragma once

#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <vector>

namespace simcse {

class Shape {
 public:
  Shape() = default;
  Shape(std::initializer_list<int64_t> dims);
  explicit Shape(std::vector<int64_t> dims);

  int rank() const { return static_cast<int>(dims_.size()); }
  // dim(-1) is the last dimension, as in PyTorch.
  int64_t dim(int index) const;
  int64_t operator[](int index) const { return dim(index); }
  int64_t numel() const;
  // Product of every dimension but the last: the number of "rows" an op over the last axis sees.
  int64_t rows() const { return rank() == 0 ? 1 : numel() / dim(-1); }
  const std::vector<int64_t>& dims() const { return dims_; }
  std::string str() const;  // "[2, 3, 768]"

  bool operator==(const Shape& other) const { return dims_ == other.dims_; }
  bool operator!=(const Shape& other) const { return dims_ != other.dims_; }

 private:
  std::vector<int64_t> dims_;
};

std::ostream& operator<<(std::ostream& out, const Shape& shape);

}  // namespace simcse
