// device.h — where a tensor's numbers live. Every op checks its inputs share one device.
// Paper: none (infrastructure)
#pragma once

namespace simcse {

enum class Device { cpu, cuda };

inline const char* device_name(Device device) { return device == Device::cpu ? "cpu" : "cuda"; }

}  // namespace simcse
