// cpu_backend.h — the CPU implementation of the Backend interface: Eigen for GEMM (or OpenBLAS,
// see matmul.cc) and plain loops parallelised with OpenMP for everything else, one .cc file per op
// family of backend.h, with the family's name. Every loop uses a static OpenMP schedule and every
// reduction a fixed order, so the same inputs and thread count give the same bits.
// Paper: none (infrastructure)
#pragma once

#include "backend/backend.h"

namespace simcse {

// Loops shorter than this run on one thread: waking the OpenMP team costs more than they do.
constexpr int64_t kParallelThreshold = 16384;

class CpuBackend final : public Backend {
 public:
  Device device() const override { return Device::cpu; }
  std::string describe() const override;

  // memory.cc
  Scalar* allocate(int64_t count) override;
  void release(Scalar* pointer) override;
  void copy_from_host(Scalar* dst, const Scalar* host_src, int64_t count) override;
  void copy_to_host(Scalar* host_dst, const Scalar* src, int64_t count) override;
  void copy(Scalar* dst, const Scalar* src, int64_t count) override;
  void fill(Scalar* dst, int64_t count, Scalar value) override;
  int64_t count_nonfinite(const Scalar* x, int64_t count) override;

  // matmul.cc
  void gemm(const GemmArgs& args, const Scalar* a, const Scalar* b, Scalar* c) override;

  // elementwise.cc
  void binary_forward(BinaryOp op, const Scalar* a, const Scalar* b, Scalar* out, int64_t rows, int64_t cols,
                      bool b_is_row) override;
  void binary_backward(BinaryOp op, const Scalar* a, const Scalar* b, const Scalar* dout, Scalar* da,
                       Scalar* db, int64_t rows, int64_t cols, bool b_is_row) override;
  void scale(const Scalar* x, Scalar alpha, Scalar* out, int64_t count) override;
  void axpy(Scalar alpha, const Scalar* x, Scalar* y, int64_t count) override;

  // activation.cc
  void activation_forward(Activation kind, const Scalar* x, Scalar* y, int64_t count) override;
  void activation_backward(Activation kind, const Scalar* x, const Scalar* y, const Scalar* dy, Scalar* dx,
                           int64_t count) override;

  // dropout.cc
  void dropout(const Scalar* in, Scalar* out, int64_t count, double probability, uint64_t seed, uint64_t offset,
               uint64_t first_element, bool accumulate) override;

  // layer_norm.cc
  void layer_norm_forward(const Scalar* x, const Scalar* gamma, const Scalar* beta, Scalar* y, Scalar* mean,
                          Scalar* rstd, int64_t rows, int64_t cols, Scalar eps) override;
  void layer_norm_backward(const Scalar* x, const Scalar* gamma, const Scalar* mean, const Scalar* rstd,
                           const Scalar* dy, Scalar* dx, Scalar* dgamma, Scalar* dbeta, int64_t rows,
                           int64_t cols) override;

  // softmax.cc
  void masked_softmax_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t rows, int64_t cols,
                              int64_t mask_rows, bool causal) override;
  void masked_softmax_backward(const Scalar* y, const Scalar* dy, Scalar* dx, int64_t rows, int64_t cols) override;

  // embedding.cc
  void embedding_forward(const Scalar* table, const int32_t* ids, Scalar* out, int64_t count,
                         int64_t hidden) override;
  void embedding_backward(const int32_t* ids, const Scalar* dout, Scalar* dtable, int64_t count,
                          int64_t hidden) override;

  // layout.cc
  void permute(const Scalar* in, const int64_t in_dims[4], const int perm[4], Scalar* out,
               bool accumulate) override;
  void copy_block(const Scalar* src, int64_t src_dim, int64_t src_start, Scalar* dst, int64_t dst_dim,
                  int64_t dst_start, int64_t outer, int64_t length, int64_t inner, bool accumulate) override;

  // pooling.cc
  void masked_mean_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                           int64_t hidden, bool sqrt_length) override;
  void masked_mean_backward(const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch, int64_t seq,
                            int64_t hidden, bool sqrt_length) override;
  void masked_max_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch, int64_t seq,
                          int64_t hidden) override;
  void masked_max_backward(const Scalar* x, const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch,
                           int64_t seq, int64_t hidden) override;

  // l2_normalize.cc
  void l2_normalize_forward(const Scalar* x, Scalar* y, Scalar* norms, int64_t rows, int64_t cols,
                            Scalar eps) override;
  void l2_normalize_backward(const Scalar* y, const Scalar* norms, const Scalar* dy, Scalar* dx, int64_t rows,
                             int64_t cols, Scalar eps) override;

  // cross_entropy.cc
  void cross_entropy_forward(const Scalar* logits, const int32_t* labels, Scalar* probs, Scalar* loss,
                             int64_t rows, int64_t cols, Scalar inv_count) override;
  void cross_entropy_backward(const Scalar* probs, const int32_t* labels, const Scalar* dloss, Scalar* dlogits,
                              int64_t rows, int64_t cols, Scalar inv_count) override;

  // reduction.cc
  void sum(const Scalar* x, int64_t count, Scalar scale, Scalar* out) override;
  void add_scalar_broadcast(const Scalar* dout, Scalar scale, Scalar* dx, int64_t count) override;
  void sum_of_squares(const Scalar* x, int64_t count, Scalar* out) override;

  // adamw.cc
  void adamw_update(Scalar* param, const Scalar* grad, Scalar* exp_avg, Scalar* exp_avg_sq, int64_t count,
                    const AdamWSettings& settings, int64_t step) override;
};

// Which GEMM implementation the CPU backend uses: chosen by measurement (see `make bench`);
// SIMCSE_GEMM=openblas in the environment switches to OpenBLAS. (cpu_gemm_name() in backend.h
// names the choice for everything above the backend.)
enum class GemmImplementation { eigen, openblas };
GemmImplementation cpu_gemm_implementation();
const char* gemm_implementation_name(GemmImplementation implementation);
// One GEMM through a named implementation (the benchmark times each one).
void cpu_gemm_with(GemmImplementation implementation, const GemmArgs& args, const Scalar* a, const Scalar* b,
                   Scalar* c);

}  // namespace simcse
