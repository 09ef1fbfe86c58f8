// tensor.h — Tensor: a shape, a contiguous block of Scalars on one device, and (for autodiff)
// an optional gradient buffer plus the graph node that says how the tensor was computed.
// A Tensor is a cheap handle (a shared pointer): copying it shares the numbers, like a PyTorch tensor.
// The arithmetic lives in the backends; this file only owns memory and bookkeeping.
// Paper: none (infrastructure)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/device.h"
#include "core/error.h"
#include "core/scalar.h"
#include "core/shape.h"

namespace simcse {

// A block of `size` Scalars in the memory of one device, freed by the backend that allocated it.
class Storage {
 public:
  Storage(Device device, int64_t size);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  Scalar* data() { return data_; }
  int64_t size() const { return size_; }
  Device device() const { return device_; }

 private:
  Device device_;
  int64_t size_;
  Scalar* data_;
};

class Tensor;
struct GraphNode;  // autograd.h

struct TensorImpl {
  Shape shape;
  std::shared_ptr<Storage> values;
  std::shared_ptr<Storage> grad;     // d(loss)/d(this); allocated (zeroed) on first use
  bool requires_grad = false;
  std::shared_ptr<GraphNode> node;   // how this tensor was computed; null for leaves
};

class Tensor {
 public:
  Tensor() = default;  // an undefined tensor (e.g. "no attention mask")

  static Tensor empty(const Shape& shape, Device device = Device::cpu);  // uninitialised
  static Tensor zeros(const Shape& shape, Device device = Device::cpu);
  static Tensor full(const Shape& shape, Scalar value, Device device = Device::cpu);
  static Tensor from_vector(const Shape& shape, const std::vector<Scalar>& host_values,
                            Device device = Device::cpu);

  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const { return impl().shape; }
  int rank() const { return shape().rank(); }
  int64_t dim(int index) const { return shape().dim(index); }
  int64_t numel() const { return shape().numel(); }
  Device device() const { return impl().values->device(); }

  // Pointer into device memory (a host pointer on the cpu device).
  Scalar* data() const { return impl().values->data(); }
  std::vector<Scalar> to_vector() const;  // copies the values to the host
  Scalar item() const;                    // the value of a one-element tensor
  Tensor to(Device device) const;         // a copy on another device (no gradient flows)

  // ---- autodiff -------------------------------------------------------------------------------
  bool requires_grad() const { return impl().requires_grad; }
  Tensor& set_requires_grad(bool value);
  bool has_grad() const { return impl().grad != nullptr; }
  Tensor grad() const;       // the gradient as a tensor of the same shape (an error if none yet)
  Scalar* grad_data() const; // gradient buffer for a backward kernel to add into; allocates zeros
  void zero_grad() const;    // drops the gradient (the next backward starts from zero)
  // Reverse-mode autodiff from this tensor: seeds d(this)/d(this) = 1 (it must have one element),
  // or = output_grad, then walks the graph in reverse topological order. The graph is released.
  void backward() const;
  void backward(const Tensor& output_grad) const;
  bool is_leaf() const { return impl().node == nullptr; }

  TensorImpl& impl() const {
    SIMCSE_CHECK(impl_ != nullptr, "use of an undefined tensor");
    return *impl_;
  }
  bool same_as(const Tensor& other) const { return impl_ == other.impl_; }

  // A tensor sharing `values` (and nothing else) under a new shape of the same element count.
  static Tensor view_of(const std::shared_ptr<Storage>& values, const Shape& shape);

 private:
  std::shared_ptr<TensorImpl> impl_;
};

}  // namespace simcse
