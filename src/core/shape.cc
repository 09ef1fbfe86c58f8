// shape.cc — Shape: validation, the checked element count, and printing.
// Paper: none (infrastructure)
#include "core/shape.h"

#include "core/error.h"

namespace simcse {

Shape::Shape(std::initializer_list<int64_t> dims) : Shape(std::vector<int64_t>(dims)) {}

Shape::Shape(std::vector<int64_t> dims) : dims_(std::move(dims)) {
  for (int64_t d : dims_) SIMCSE_CHECK(d >= 0, "shape ", str(), " has a negative dimension");
  // The product of the non-zero dimensions is bounded (so rows() cannot overflow either), each
  // step tested as numel_ <= kMaxElements / d before the product is formed.
  bool has_zero = false;
  for (int64_t d : dims_) {
    if (d == 0) {
      has_zero = true;
      continue;
    }
    SIMCSE_CHECK(numel_ <= kMaxElements / d, "shape ", str(), " has more than 2^60 elements");
    numel_ *= d;
  }
  if (has_zero) numel_ = 0;
}

int64_t Shape::dim(int index) const {
  int resolved = index < 0 ? index + rank() : index;
  SIMCSE_CHECK(resolved >= 0 && resolved < rank(), "dimension ", index, " is out of range for shape ",
               str());
  return dims_[resolved];
}

int64_t Shape::rows() const {
  int64_t count = 1;  // no overflow: the constructor bounded the product of the non-zero dimensions
  for (int i = 0; i + 1 < rank(); ++i) count *= dims_[i];
  return count;
}

std::string Shape::str() const {
  std::string text = "[";
  for (size_t i = 0; i < dims_.size(); ++i) text += (i ? ", " : "") + std::to_string(dims_[i]);
  return text + "]";
}

std::ostream& operator<<(std::ostream& out, const Shape& shape) { return out << shape.str(); }

}  // namespace simcse
