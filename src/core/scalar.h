// scalar.h — the one floating-point type every tensor holds, and the host/device marker.
// The library is compiled twice from the same sources: with float (what `simcse` runs) and with
// double (what `make gradcheck` runs), so the code the gradient checks verify is the code that runs.
// Paper: none (infrastructure)
#pragma once

namespace simcse {

#ifdef SIMCSE_DOUBLE
using Scalar = double;
#else
using Scalar = float;
#endif

// "float" or "double": printed by `simcse info` and the gradient checks.
constexpr const char* scalar_name() { return sizeof(Scalar) == 8 ? "double" : "float"; }

}  // namespace simcse

// Small math helpers shared by the CPU and CUDA backends are marked with this, so one
// definition serves both (nvcc sees __host__ __device__, g++ sees nothing).
#if defined(__CUDACC__) || defined(SIMCSE_CUDA_EMULATION)
#define SIMCSE_HOST_DEVICE __host__ __device__
#else
#define SIMCSE_HOST_DEVICE
#endif
