// runtime.cc (emulator) — device memory, errors and the device's description. Device memory is
// host heap memory with cudaMalloc's 256-byte alignment: AddressSanitizer puts redzones around each
// allocation, so a kernel reading or writing past the end of a buffer is reported. (The one thing
// the emulator cannot catch is host code dereferencing a device pointer, which crashes on a GPU;
// the CUDA backend only ever moves data with cudaMemcpy.)
// Paper: none (infrastructure)
#include <cstdlib>
#include <cstring>

#include <cuda_runtime.h>

const char* cudaGetErrorString(cudaError_t error) {
  switch (error) {
    case cudaSuccess: return "no error";
    case cudaErrorInvalidValue: return "invalid argument";
    case cudaErrorMemoryAllocation: return "out of memory";
    case cudaErrorCudartUnloading: return "driver shutting down";
    case cudaErrorInvalidConfiguration: return "invalid configuration argument";
    case cudaErrorNoDevice: return "no CUDA-capable device is detected";
  }
  return "unrecognized error code";
}

cudaError_t cudaMalloc(void** pointer, size_t bytes) {
  if (pointer == nullptr) return cudaErrorInvalidValue;
  *pointer = nullptr;
  if (bytes == 0) return cudaSuccess;
  return posix_memalign(pointer, 256, bytes) == 0 ? cudaSuccess : cudaErrorMemoryAllocation;
}

cudaError_t cudaFree(void* pointer) {
  std::free(pointer);
  return cudaSuccess;
}

cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind) {
  if (kind < cudaMemcpyHostToHost || kind > cudaMemcpyDeviceToDevice) return cudaErrorInvalidValue;
  if (bytes == 0) return cudaSuccess;
  if (dst == nullptr || src == nullptr) return cudaErrorInvalidValue;
  std::memcpy(dst, src, bytes);  // overlapping ranges are an error in CUDA too; ASan reports them
  return cudaSuccess;
}

cudaError_t cudaMemset(void* pointer, int value, size_t bytes) {
  if (bytes == 0) return cudaSuccess;
  if (pointer == nullptr) return cudaErrorInvalidValue;
  std::memset(pointer, value, bytes);
  return cudaSuccess;
}

cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }

cudaError_t cudaGetDeviceCount(int* count) {
  if (count == nullptr) return cudaErrorInvalidValue;
  *count = 1;
  return cudaSuccess;
}

cudaError_t cudaGetDeviceProperties(cudaDeviceProp* properties, int device) {
  if (properties == nullptr || device != 0) return cudaErrorInvalidValue;
  std::strncpy(properties->name, "CUDA emulator on the CPU", sizeof(properties->name) - 1);
  properties->name[sizeof(properties->name) - 1] = '\0';
  return cudaSuccess;
}
