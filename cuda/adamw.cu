// adamw.cu — CudaBackend::adamw_update: torch.optim.AdamW's update of one parameter tensor in a
// single pass (the "fused" form: each element's weight decay, moments and step in one thread, so the
// four arrays are read and written once). The formula is backend/adamw_math.h, the function the CPU
// backend calls, compiled for the device; the per-step scalars are computed once on the host.
// Paper: App. A (training details: the optimizer behind SimCSE's learning rates and batch sizes)
#include "backend/adamw_math.h"
#include "cuda/cuda_backend.h"
#include "cuda/launch.h"

namespace simcse {

namespace {

__global__ void adamw_kernel(Scalar* param, const Scalar* grad, Scalar* exp_avg, Scalar* exp_avg_sq, int64_t count,
                             math::AdamWCoefficients coefficients) {
  for (int64_t i = cuda::global_thread_index(); i < count; i += cuda::grid_thread_count())
    math::adamw_element(param[i], grad[i], exp_avg[i], exp_avg_sq[i], coefficients);
}

}  // namespace

void CudaBackend::adamw_update(Scalar* param, const Scalar* grad, Scalar* exp_avg, Scalar* exp_avg_sq, int64_t count,
                               const AdamWSettings& settings, int64_t step) {
  SIMCSE_LAUNCH(adamw_kernel, cuda::blocks_for(count), cuda::kBlockThreads, param, grad, exp_avg, exp_avg_sq, count,
                math::adamw_coefficients(settings, step));
}

}  // namespace simcse
