// adamw.cc — CpuBackend: the fused AdamW update (the formula, in torch's order, is in
// backend/adamw_math.h, shared with the CUDA kernel). Each element is independent: one pass over
// the parameter, its gradient and both moments.
// Paper: App. A (training details: the optimizer behind SimCSE's learning rates and batch sizes)
#include "backend/adamw_math.h"
#include "backend/cpu/cpu_backend.h"

namespace simcse {

void CpuBackend::adamw_update(Scalar* param, const Scalar* grad, Scalar* exp_avg, Scalar* exp_avg_sq, int64_t count,
                              const AdamWSettings& settings, int64_t step) {
  const math::AdamWCoefficients coefficients = math::adamw_coefficients(settings, step);
#pragma omp parallel for schedule(static) if (count > kParallelThreshold)
  for (int64_t i = 0; i < count; ++i) math::adamw_element(param[i], grad[i], exp_avg[i], exp_avg_sq[i], coefficients);
}

}  // namespace simcse
