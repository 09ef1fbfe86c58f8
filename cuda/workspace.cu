// workspace.cu — the scratch memory of workspace.h: a bump allocator over device buffers.
// Paper: none (infrastructure)
#include "cuda/workspace.h"

#include <algorithm>

#include "cuda/launch.h"

namespace simcse::cuda {

namespace {
constexpr size_t kAlignment = 256;             // as cudaMalloc aligns; suits every vector load
constexpr size_t kFirstBuffer = size_t{1} << 20;
}  // namespace

Workspace::~Workspace() {
  for (void* buffer : buffers_) cudaFree(buffer);  // errors ignored: a destructor must not throw
}

void Workspace::reset() {
  used_ = 0;
  if (buffers_.size() <= 1) return;
  for (void* buffer : buffers_) check_cuda(cudaFree(buffer), "cudaFree (workspace)");
  buffers_.clear();
  void* merged = nullptr;
  check_cuda(cudaMalloc(&merged, total_), "cudaMalloc (workspace)");
  buffers_.push_back(merged);
  capacity_ = total_;
}

void* Workspace::take_bytes(size_t bytes) {
  bytes = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  if (buffers_.empty() || used_ + bytes > capacity_) {
    // Earlier buffers stay: pointers into them are in use until reset().
    const size_t size = std::max({bytes, kFirstBuffer, 2 * capacity_});
    void* buffer = nullptr;
    check_cuda(cudaMalloc(&buffer, size), "cudaMalloc (workspace)");
    buffers_.push_back(buffer);
    capacity_ = size;
    total_ += size;
    used_ = 0;
  }
  void* pointer = static_cast<char*>(buffers_.back()) + used_;
  used_ += bytes;
  return pointer;
}

void Workspace::copy_to_device(void* dst, const void* host_src, size_t bytes) {
  if (bytes > 0) check_cuda(cudaMemcpy(dst, host_src, bytes, cudaMemcpyHostToDevice), "cudaMemcpy (upload)");
}

}  // namespace simcse::cuda
