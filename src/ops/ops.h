// ops.h — every autodiff op in one include, for model code, tests and notebooks.
// Paper: none (infrastructure)
#pragma once

#include "core/autograd.h"
#include "core/parameters.h"
#include "core/tensor.h"
#include "ops/activation.h"
#include "ops/cross_entropy.h"
#include "ops/dropout.h"
#include "ops/elementwise.h"
#include "ops/embedding.h"
#include "ops/l2_normalize.h"
#include "ops/layer_norm.h"
#include "ops/layout.h"
#include "ops/matmul.h"
#include "ops/pooling.h"
#include "ops/reduction.h"
#include "ops/softmax.h"
