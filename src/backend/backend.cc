// backend.cc — backend_for(device): the single place that maps a device to its backend.
// Paper: none (infrastructure)
#include "backend/backend.h"

#include "backend/cpu/cpu_backend.h"
#include "core/error.h"

namespace simcse {

Backend& backend_for(Device device) {
  static CpuBackend cpu;
  if (device == Device::cpu) return cpu;
  fail("device '", device_name(device), "' is not available in this build (the CUDA backend is built with make CUDA=1)");
}

}  // namespace simcse
