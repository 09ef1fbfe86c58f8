// cuda_backend.h — the CUDA implementation of the Backend interface: cuBLAS for the matrix products
// and small kernels for everything else, one .cu file per op family of backend.h, named as the CPU
// backend's file (listed in cuda/README.md). Like the CPU backend it is deterministic: no kernel adds
// floating-point values with atomics, and every sum runs in an order fixed by the shapes, never by
// thread timing. The same sources compile with nvcc (make CUDA=1) and with g++ against the CPU
// emulator of the CUDA runtime in cuda/emulator/ (what `make test` runs). It is called from one host
// thread at a time, as the ops call it (its scratch workspace is shared by all calls).
// Paper: none (infrastructure)
#pragma once

#include <cublas_v2.h>

#include "backend/backend.h"
#include "cuda/workspace.h"

namespace simcse {

class CudaBackend final : public Backend {
 public:
  CudaBackend();  // fails with simcse::Error when no CUDA device can be used
  ~CudaBackend() override;
  CudaBackend(const CudaBackend&) = delete;
  CudaBackend& operator=(const CudaBackend&) = delete;

  Device device() const override { return Device::cuda; }
  std::string describe() const override;

  // memory.cu
  Scalar* allocate(int64_t count) override;
  void release(Scalar* pointer) override;
  void copy_from_host(Scalar* dst, const Scalar* host_src, int64_t count) override;
  void copy_to_host(Scalar* host_dst, const Scalar* src, int64_t count) override;
  void copy(Scalar* dst, const Scalar* src, int64_t count) override;
  void fill(Scalar* dst, int64_t count, Scalar value) override;
  int64_t count_nonfinite(const Scalar* x, int64_t count) override;

  // matmul.cu
  void gemm(const GemmArgs& args, const Scalar* a, const Scalar* b, Scalar* c) override;

  // elementwise.cu
  void binary_forward(BinaryOp op, const Scalar* a, const Scalar* b, Scalar* out, int64_t rows, int64_t cols,
                      bool b_is_row) override;
  void binary_backward(BinaryOp op, const Scalar* a, const Scalar* b, const Scalar* dout, Scalar* da,
                       Scalar* db, int64_t rows, int64_t cols, bool b_is_row) override;
  void scale(const Scalar* x, Scalar alpha, Scalar* out, int64_t count) override;
  void axpy(Scalar alpha, const Scalar* x, Scalar* y, int64_t count) override;

  // activation.cu
  void activation_forward(Activation kind, const Scalar* x, Scalar* y, int64_t count) override;
  void activation_backward(Activation kind, const Scalar* x, const Scalar* y, const Scalar* dy, Scalar* dx,
                           int64_t count) override;

  // dropout.cu
  void dropout(const Scalar* in, Scalar* out, int64_t count, double probability, uint64_t seed, uint64_t offset,
               uint64_t first_element, bool accumulate) override;

  // layer_norm.cu
  void layer_norm_forward(const Scalar* x, const Scalar* gamma, const Scalar* beta, Scalar* y, Scalar* mean,
                          Scalar* rstd, int64_t rows, int64_t cols, Scalar eps) override;
  void layer_norm_backward(const Scalar* x, const Scalar* gamma, const Scalar* mean, const Scalar* rstd,
                           const Scalar* dy, Scalar* dx, Scalar* dgamma, Scalar* dbeta, int64_t rows,
                           int64_t cols) override;

  // softmax.cu
  void masked_softmax_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t rows, int64_t cols,
                              int64_t mask_rows, bool causal) override;
  void masked_softmax_backward(const Scalar* y, const Scalar* dy, Scalar* dx, int64_t rows, int64_t cols) override;

  // embedding.cu
  void embedding_forward(const Scalar* table, const int32_t* ids, Scalar* out, int64_t count,
                         int64_t hidden) override;
  void embedding_backward(const int32_t* ids, const Scalar* dout, Scalar* dtable, int64_t count,
                          int64_t hidden) override;

  // layout.cu
  void permute(const Scalar* in, const int64_t in_dims[4], const int perm[4], Scalar* out,
               bool accumulate) override;
  void copy_block(const Scalar* src, int64_t src_dim, int64_t src_start, Scalar* dst, int64_t dst_dim,
                  int64_t dst_start, int64_t outer, int64_t length, int64_t inner, bool accumulate) override;

  // pooling.cu
  void masked_mean_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                           int64_t hidden, bool sqrt_length) override;
  void masked_mean_backward(const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch, int64_t seq,
                            int64_t hidden, bool sqrt_length) override;
  void masked_max_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                          int64_t hidden) override;
  void masked_max_backward(const Scalar* x, const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch,
                           int64_t seq, int64_t hidden) override;

  // l2_normalize.cu
  void l2_normalize_forward(const Scalar* x, Scalar* y, Scalar* norms, int64_t rows, int64_t cols,
                            Scalar eps) override;
  void l2_normalize_backward(const Scalar* y, const Scalar* norms, const Scalar* dy, Scalar* dx, int64_t rows,
                             int64_t cols, Scalar eps) override;

  // cross_entropy.cu
  void cross_entropy_forward(const Scalar* logits, const int32_t* labels, Scalar* probs, Scalar* loss,
                             int64_t rows, int64_t cols, Scalar inv_count) override;
  void cross_entropy_backward(const Scalar* probs, const int32_t* labels, const Scalar* dloss, Scalar* dlogits,
                              int64_t rows, int64_t cols, Scalar inv_count) override;

  // reduction.cu
  void sum(const Scalar* x, int64_t count, Scalar scale, Scalar* out) override;
  void add_scalar_broadcast(const Scalar* dout, Scalar scale, Scalar* dx, int64_t count) override;
  void sum_of_squares(const Scalar* x, int64_t count, Scalar* out) override;

  // adamw.cu
  void adamw_update(Scalar* param, const Scalar* grad, Scalar* exp_avg, Scalar* exp_avg_sq, int64_t count,
                    const AdamWSettings& settings, int64_t step) override;

 private:
  cublasHandle_t cublas_ = nullptr;
  cuda::Workspace workspace_;  // reset() at the start of every call that uses it
};

}  // namespace simcse
