// ops.h — every autodiff op in one include, for model code, tests and notebooks.
// Paper: none (infrastructure)
#pragma once

#include "core/autograd.h"
#include "core/parameters.h"
#include "core/tensor.h"
#include "ops/activation.h"
#include "ops/dropout.h"
#include "ops/elementwise.h"
#include "ops/embedding.h"
#include "ops/layer_norm.h"
#include "ops/loss.h"
#include "ops/matmul.h"
#include "ops/normalize.h"
#include "ops/pooling.h"
#include "ops/reduce.h"
#include "ops/shape_ops.h"
#include "ops/softmax.h"
