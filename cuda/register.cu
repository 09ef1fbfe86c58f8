// register.cu — makes backend_for(Device::cuda) return the CUDA backend in every binary that links
// this folder: the registration runs before main(), and the backend itself is created on first use
// (so a CPU-only run of a CUDA build never touches the GPU). It is never destroyed, so tensors held
// in static storage can still release their memory while the program exits.
// Paper: none (infrastructure)
#include "cuda/cuda_backend.h"

namespace simcse {
namespace {

Backend& the_cuda_backend() {
  static CudaBackend* backend = new CudaBackend();
  return *backend;
}

[[maybe_unused]] const bool registered = (register_cuda_backend(the_cuda_backend), true);

}  // namespace
}  // namespace simcse
