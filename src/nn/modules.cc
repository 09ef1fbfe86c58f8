// modules.cc — Linear, LayerNorm and dropout-by-mode.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include "nn/modules.h"

#include "ops/ops.h"

namespace simcse {

ParameterSource on_device(ParameterSource source, Device device) {
  return [source = std::move(source), device](const std::string& name, const Shape& shape) {
    Tensor value = source(name, shape);
    return value.device() == device ? value : value.to(device);
  };
}

Tensor add_parameter(ParameterStore& store, const ParameterSource& source, const std::string& name,
                     const Shape& shape) {
  Tensor value = source(name, shape);
  SIMCSE_CHECK(value.shape() == shape, "parameter '", name, "' has shape ", value.shape(), ", expected ", shape);
  return store.add(name, value);
}

Tensor ForwardMode::dropout(const Tensor& x, double probability) const {
  if (!training || probability == 0) return x;
  SIMCSE_CHECK(stream != nullptr, "training mode needs a RandomStream for dropout");
  return simcse::dropout(x, probability, *stream);
}

Linear::Linear(ParameterStore& store, const ParameterSource& source, const std::string& prefix, int64_t in,
               int64_t out)
    : weight(add_parameter(store, source, prefix + ".weight", {out, in})),
      bias(add_parameter(store, source, prefix + ".bias", {out})) {}

Tensor Linear::forward(const Tensor& x) const {
  return add(matmul(x, weight, /*transpose_a=*/false, /*transpose_b=*/true), bias);
}

LayerNorm::LayerNorm(ParameterStore& store, const ParameterSource& source, const std::string& prefix,
                     int64_t hidden, double eps)
    : weight(add_parameter(store, source, prefix + ".weight", {hidden})),
      bias(add_parameter(store, source, prefix + ".bias", {hidden})),
      eps(eps) {}

Tensor LayerNorm::forward(const Tensor& x) const { return layer_norm(x, weight, bias, static_cast<Scalar>(eps)); }

}  // namespace simcse
