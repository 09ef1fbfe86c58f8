// shape.cc — Shape: validation, element count and printing.
// Paper: none (infrastructure)
#include "core/shape.h"

#include "core/error.h"

namespace simcse {

Shape::Shape(std::initializer_list<int64_t> dims) : Shape(std::vector<int64_t>(dims)) {}

Shape::Shape(std::vector<int64_t> dims) : dims_(std::move(dims)) {
  for (int64_t d : dims_) SIMCSE_CHECK(d >= 0, "shape ", str(), " has a negative dimension");
}

int64_t Shape::dim(int index) const {
  int resolved = index < 0 ? index + rank() : index;
  SIMCSE_CHECK(resolved >= 0 && resolved < rank(), "dimension ", index, " is out of range for shape ",
               str());
  return dims_[resolved];
}

int64_t Shape::numel() const {
  int64_t count = 1;
  for (int64_t d : dims_) count *= d;
  return count;
}

std::string Shape::str() const {
  std::string text = "[";
  for (size_t i = 0; i < dims_.size(); ++i) text += (i ? ", " : "") + std::to_string(dims_[i]);
  return text + "]";
}

std::ostream& operator<<(std::ostream& out, const Shape& shape) { return out << shape.str(); }

}  // namespace simcse
