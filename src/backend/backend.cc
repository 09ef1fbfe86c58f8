// backend.cc — backend_for(device): the single place that maps a device to its backend. The CPU
// backend is always here; the CUDA backend is here when a binary links cuda/ (it registers itself).
// Paper: none (infrastructure)
#include "backend/backend.h"

#include "backend/cpu/cpu_backend.h"
#include "core/error.h"

namespace simcse {

namespace {
Backend& (*cuda_backend_factory)() = nullptr;  // set before main() when cuda/ is linked in (register.cu)
}  // namespace

void register_cuda_backend(Backend& (*factory)()) { cuda_backend_factory = factory; }

Backend& backend_for(Device device) {
  static CpuBackend cpu;
  if (device == Device::cpu) return cpu;
  if (cuda_backend_factory != nullptr) return cuda_backend_factory();
  fail("device '", device_name(device), "' is not available in this build (the CUDA backend is built with make CUDA=1)");
}

Device parse_device(const std::string& name) {
  if (name == "cpu") return Device::cpu;
  if (name == "cuda") {
    backend_for(Device::cuda);
    return Device::cuda;
  }
  fail("unknown device '", name, "' (the devices are cpu and cuda)");
}

}  // namespace simcse
