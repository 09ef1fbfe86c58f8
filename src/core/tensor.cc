// tensor.cc — Storage and Tensor: allocation through the backend, host copies, gradient buffers.
// Paper: none (infrastructure)
#include "core/tensor.h"

#include "backend/backend.h"
#include "core/autograd.h"

namespace simcse {

Storage::Storage(Device device, int64_t size)
    : device_(device), size_(size), data_(backend_for(device).allocate(size)) {}

Storage::~Storage() { backend_for(device_).release(data_); }

Tensor Tensor::view_of(const std::shared_ptr<Storage>& values, const Shape& shape) {
  SIMCSE_CHECK(values->size() == shape.numel(), "cannot view ", values->size(), " values as ", shape);
  Tensor tensor;
  tensor.impl_ = std::make_shared<TensorImpl>();
  tensor.impl_->shape = shape;
  tensor.impl_->values = values;
  return tensor;
}

Tensor Tensor::empty(const Shape& shape, Device device) {
  return view_of(std::make_shared<Storage>(device, shape.numel()), shape);
}

Tensor Tensor::full(const Shape& shape, Scalar value, Device device) {
  Tensor tensor = empty(shape, device);
  backend_for(device).fill(tensor.data(), tensor.numel(), value);
  return tensor;
}

Tensor Tensor::zeros(const Shape& shape, Device device) { return full(shape, 0, device); }

Tensor Tensor::from_vector(const Shape& shape, const std::vector<Scalar>& host_values, Device device) {
  SIMCSE_CHECK(static_cast<int64_t>(host_values.size()) == shape.numel(), "from_vector: ",
               host_values.size(), " values do not fill shape ", shape);
  Tensor tensor = empty(shape, device);
  backend_for(device).copy_from_host(tensor.data(), host_values.data(), tensor.numel());
  return tensor;
}

std::vector<Scalar> Tensor::to_vector() const {
  std::vector<Scalar> host(static_cast<size_t>(numel()));
  backend_for(device()).copy_to_host(host.data(), data(), numel());
  return host;
}

Scalar Tensor::item() const {
  SIMCSE_CHECK(numel() == 1, "item() needs a one-element tensor, got shape ", shape());
  return to_vector()[0];
}

Tensor Tensor::to(Device target) const {
  return from_vector(shape(), to_vector(), target);
}

Tensor& Tensor::set_requires_grad(bool value) {
  SIMCSE_CHECK(is_leaf() || value, "only leaf tensors can stop requiring gradients");
  impl().requires_grad = value;
  return *this;
}

Tensor Tensor::grad() const {
  SIMCSE_CHECK(has_grad(), "tensor of shape ", shape(), " has no gradient (was backward() called?)");
  return view_of(impl().grad, shape());
}

Scalar* Tensor::grad_data() const {
  TensorImpl& self = impl();
  if (!self.grad) {
    self.grad = std::make_shared<Storage>(device(), numel());
    backend_for(device()).fill(self.grad->data(), numel(), 0);
  }
  return self.grad->data();
}

void Tensor::zero_grad() const { impl().grad.reset(); }

}  // namespace simcse
