// activation.cu — CudaBackend: GELU (both forms), ReLU and tanh, forward and backward, one thread
// per element. The formulas are not here: they are backend/activation_math.h, the functions the
// CPU backend calls (its GELU spells them over Eigen arrays), compiled for the device.
// Paper: none (the encoder; SimCSE uses BERT unchanged, §3)
#include "backend/activation_math.h"
#include "cuda/cuda_backend.h"
#include "cuda/launch.h"

namespace simcse {

using cuda::global_thread_index;
using cuda::grid_thread_count;

namespace {

__global__ void activation_forward_kernel(Activation kind, const Scalar* x, Scalar* y, int64_t count) {
  for (int64_t i = global_thread_index(); i < count; i += grid_thread_count())
    y[i] = math::activation_value(kind, x[i]);
}

// dx += f'(x) * dy; y = f(x) is passed because tanh' = 1 - y^2 needs it.
__global__ void activation_backward_kernel(Activation kind, const Scalar* x, const Scalar* y, const Scalar* dy,
                                           Scalar* dx, int64_t count) {
  for (int64_t i = global_thread_index(); i < count; i += grid_thread_count())
    dx[i] += math::activation_derivative(kind, x[i], y[i]) * dy[i];
}

}  // namespace

void CudaBackend::activation_forward(Activation kind, const Scalar* x, Scalar* y, int64_t count) {
  SIMCSE_LAUNCH(activation_forward_kernel, cuda::blocks_for(count), cuda::kBlockThreads, kind, x, y, count);
}

void CudaBackend::activation_backward(Activation kind, const Scalar* x, const Scalar* y, const Scalar* dy, Scalar* dx,
                                      int64_t count) {
  SIMCSE_LAUNCH(activation_backward_kernel, cuda::blocks_for(count), cuda::kBlockThreads, kind, x, y, dy, dx, count);
}

}  // namespace simcse
