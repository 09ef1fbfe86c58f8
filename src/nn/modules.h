// modules.h — Linear and LayerNorm, the building blocks of every BERT sub-layer, and what a model
// is built and run with: where parameter values come from (ParameterSource) and dropout on/off.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#pragma once

// Each block registers its tensors in the model's ParameterStore under the Hugging Face name
// (prefix + ".weight" / ".bias"), with the shape PyTorch uses (a Linear's weight is [out, in]),
// so a checkpoint loads by name with no transposes.

#include <functional>
#include <string>

#include "core/parameters.h"
#include "ops/dropout.h"

namespace simcse {

// Gives the value of the parameter `name` with the shape the config implies; called once per
// parameter while a model is built (random initialisation, or reading a checkpoint).
using ParameterSource = std::function<Tensor(const std::string& name, const Shape& shape)>;

// `source` with every value it gives moved to `device` (the model's parameters live where its ops
// run: values are read or drawn on the host, then uploaded once).
ParameterSource on_device(ParameterSource source, Device device);

// Asks `source` for the parameter and registers it in `store` (checking the shape it got).
Tensor add_parameter(ParameterStore& store, const ParameterSource& source, const std::string& name,
                     const Shape& shape);

// Training (dropout on, masks drawn from `stream`) or inference (dropout is the identity).
struct ForwardMode {
  bool training = false;
  RandomStream* stream = nullptr;  // required when training

  Tensor dropout(const Tensor& x, double probability) const;
};

// y = x W^T + b with W [out, in] and b [out], over the last axis of x.
struct Linear {
  Tensor weight;  // [out, in]
  Tensor bias;    // [out]

  Linear() = default;
  Linear(ParameterStore& store, const ParameterSource& source, const std::string& prefix, int64_t in, int64_t out);
  Tensor forward(const Tensor& x) const;  // [..., in] -> [..., out]
};

// Normalises the last axis, then scales by weight (gamma) and shifts by bias (beta).
struct LayerNorm {
  Tensor weight;  // [hidden], gamma
  Tensor bias;    // [hidden], beta
  double eps = 1e-12;

  LayerNorm() = default;
  LayerNorm(ParameterStore& store, const ParameterSource& source, const std::string& prefix, int64_t hidden,
            double eps);
  Tensor forward(const Tensor& x) const;
};

}  // namespace simcse
