// workspace.h — scratch device memory for the length of one backend call: token ids and labels
// uploaded from the host, per-block partial sums. cudaMalloc and cudaFree are slow (cudaFree waits
// for the whole device), so the memory is kept and handed out again: every call starts with
// reset(). That is safe because all kernels and copies run in order on the default stream, so
// whatever the next call writes, it writes after this call's kernels have read.
// Paper: none (infrastructure)
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace simcse::cuda {

class Workspace {
 public:
  Workspace() = default;
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // Starts a backend call: memory handed out earlier may be handed out again.
  void reset();
  // `count` uninitialised values of T in device memory, valid until the next reset().
  template <typename T>
  T* take(int64_t count) {
    return static_cast<T*>(take_bytes(static_cast<size_t>(count) * sizeof(T)));
  }
  // A device copy of `count` host values, valid until the next reset().
  template <typename T>
  T* upload(const T* host_values, int64_t count) {
    T* device_values = take<T>(count);
    copy_to_device(device_values, host_values, static_cast<size_t>(count) * sizeof(T));
    return device_values;
  }

 private:
  void* take_bytes(size_t bytes);
  static void copy_to_device(void* dst, const void* host_src, size_t bytes);

  // The last buffer is being handed out; earlier ones filled up during this call and are merged
  // into one buffer of their total size at the next reset().
  std::vector<void*> buffers_;
  size_t capacity_ = 0;  // bytes of the last buffer
  size_t used_ = 0;      // bytes of it handed out since reset()
  size_t total_ = 0;     // bytes of all buffers
};

}  // namespace simcse::cuda
