// backend.h — the interface between the autodiff ops and the hardware that does the arithmetic.
// Every op in src/ops/ calls these kernels through `backend_for(device)`, never Eigen or CUDA
// directly, so a second backend (cuda/) slots in without touching model code. Kernels see raw
// pointers into the backend's own memory plus sizes; integer inputs (token ids, labels) are host
// pointers, which a device backend uploads. Conventions that hold for every kernel:
//   * tensors are dense and row-major;
//   * forward kernels overwrite their output (`y = ...`);
//   * backward kernels ADD into the gradient buffers (`dx += ...`), because one tensor used by
//     several ops must receive the sum of their gradients; a null gradient pointer means "not needed".
// Paper: none (infrastructure)
#pragma once

#include <cstdint>
#include <string>

#include "core/device.h"
#include "core/scalar.h"

namespace simcse {

enum class Activation { gelu, gelu_tanh, relu, tanh };  // gelu = erf form; gelu_tanh = "gelu_new"
enum class BinaryOp { add, sub, mul };

// AdamW's hyperparameters, with the defaults of the Hugging Face Trainer, which SimCSE trains with
// (TrainingArguments: learning_rate 5e-5, adam_beta1 0.9, adam_beta2 0.999, adam_epsilon 1e-8,
// weight_decay 0; SimCSE's scripts pass their own learning rate). torch.optim.AdamW's own defaults
// (lr 1e-3, weight_decay 1e-2) are used nowhere here. simcse/adamw.h schedules the learning rate
// and exempts some parameters from weight decay; each update receives the values for that call.
struct AdamWSettings {
  double learning_rate = 5e-5;
  double beta1 = 0.9, beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
};

// C[b] = alpha * op(A[b]) * op(B[b]) + beta * C[b] for b < batch, all row-major and contiguous.
// op(A) is [m, k] (A is stored [k, m] when transpose_a), op(B) is [k, n], C is [m, n].
struct GemmArgs {
  bool transpose_a = false, transpose_b = false;
  int64_t m = 0, n = 0, k = 0;
  Scalar alpha = 1, beta = 0;
  int64_t batch = 1, stride_a = 0, stride_b = 0, stride_c = 0;  // elements between batch items
};

// The kernels, one section per op family. A family's name is its file name in all three folders:
// src/ops/NAME.cc records the op and its backward, src/backend/cpu/NAME.cc and cuda/NAME.cu hold the
// arithmetic of both directions (memory and adamw have no op; simcse/adamw.cc calls adamw).
class Backend {
 public:
  virtual ~Backend() = default;
  virtual Device device() const = 0;
  virtual std::string describe() const = 0;  // e.g. "cpu (Eigen GEMM, 2 OpenMP threads, float)"

  // ---- memory -------------------------------------------------------------------------------
  virtual Scalar* allocate(int64_t count) = 0;  // uninitialised, 64-byte aligned
  virtual void release(Scalar* pointer) = 0;
  virtual void copy_from_host(Scalar* dst, const Scalar* host_src, int64_t count) = 0;
  virtual void copy_to_host(Scalar* host_dst, const Scalar* src, int64_t count) = 0;
  virtual void copy(Scalar* dst, const Scalar* src, int64_t count) = 0;
  virtual void fill(Scalar* dst, int64_t count, Scalar value) = 0;
  virtual int64_t count_nonfinite(const Scalar* x, int64_t count) = 0;

  // ---- matmul: the one GEMM entry point (its backward is GEMMs too, with beta = 1) -----------
  virtual void gemm(const GemmArgs& args, const Scalar* a, const Scalar* b, Scalar* c) = 0;

  // ---- elementwise --------------------------------------------------------------------------
  // out = a (op) b over [rows, cols]; b is either [rows, cols] or one row [cols] (b_is_row).
  virtual void binary_forward(BinaryOp op, const Scalar* a, const Scalar* b, Scalar* out, int64_t rows,
                              int64_t cols, bool b_is_row) = 0;
  // da += dout * d(out)/da; db += dout * d(out)/db, summed over rows when b is a broadcast row.
  virtual void binary_backward(BinaryOp op, const Scalar* a, const Scalar* b, const Scalar* dout,
                               Scalar* da, Scalar* db, int64_t rows, int64_t cols, bool b_is_row) = 0;
  virtual void scale(const Scalar* x, Scalar alpha, Scalar* out, int64_t count) = 0;  // out = alpha*x
  virtual void axpy(Scalar alpha, const Scalar* x, Scalar* y, int64_t count) = 0;     // y += alpha*x

  // ---- activation ---------------------------------------------------------------------------
  virtual void activation_forward(Activation kind, const Scalar* x, Scalar* y, int64_t count) = 0;
  // dx += f'(x) * dy (y = f(x) is passed too: tanh' = 1 - y^2 needs no recomputation).
  virtual void activation_backward(Activation kind, const Scalar* x, const Scalar* y, const Scalar* dy,
                                   Scalar* dx, int64_t count) = 0;

  // ---- dropout ------------------------------------------------------------------------------
  // out (=, or += when accumulate) in * keep(i) / (1 - p), keep(i) from
  // philox_bits(seed, offset, first_element + i). The same kernel serves forward (in = x) and backward
  // (in = dy, accumulate into dx). first_element is 0 in one process; rank r of a data-parallel run
  // passes r * count, so its rows draw the masks the same rows would draw in one process.
  virtual void dropout(const Scalar* in, Scalar* out, int64_t count, double probability, uint64_t seed,
                       uint64_t offset, uint64_t first_element, bool accumulate) = 0;

  // ---- layer_norm ---------------------------------------------------------------------------
  // y = (x - mean) / sqrt(var + eps) * gamma + beta per row of `cols`; saves mean and rstd per row.
  virtual void layer_norm_forward(const Scalar* x, const Scalar* gamma, const Scalar* beta, Scalar* y,
                                  Scalar* mean, Scalar* rstd, int64_t rows, int64_t cols, Scalar eps) = 0;
  virtual void layer_norm_backward(const Scalar* x, const Scalar* gamma, const Scalar* mean,
                                   const Scalar* rstd, const Scalar* dy, Scalar* dx, Scalar* dgamma,
                                   Scalar* dbeta, int64_t rows, int64_t cols) = 0;

  // ---- softmax ------------------------------------------------------------------------------
  // Softmax over each row of `cols`. With a mask ([mask_rows, cols], 1 = keep, 0 = padding), row r
  // uses mask row r / (rows / mask_rows) and padding columns get BERT's additive lowest-float bias.
  // `causal` (a decoder's self-attention, square [seq, seq] matrices): row r is query i = r % cols,
  // and keys after it, c > i, are masked the same way (once, even where padding masks them too).
  virtual void masked_softmax_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t rows,
                                      int64_t cols, int64_t mask_rows, bool causal) = 0;
  // dx += y * (dy - sum(dy * y)) per row: needs only the output (padding columns have y = 0).
  virtual void masked_softmax_backward(const Scalar* y, const Scalar* dy, Scalar* dx, int64_t rows,
                                       int64_t cols) = 0;

  // ---- embedding ----------------------------------------------------------------------------
  // out[i, :] = table[ids[i], :]; backward scatter-adds dout rows into dtable.
  virtual void embedding_forward(const Scalar* table, const int32_t* ids, Scalar* out, int64_t count,
                                 int64_t hidden) = 0;
  virtual void embedding_backward(const int32_t* ids, const Scalar* dout, Scalar* dtable, int64_t count,
                                  int64_t hidden) = 0;

  // ---- layout: moving values without arithmetic ---------------------------------------------
  // out = in with axes reordered: out dim i is in dim perm[i] (rank 4; pad smaller ranks with 1s).
  virtual void permute(const Scalar* in, const int64_t in_dims[4], const int perm[4], Scalar* out,
                       bool accumulate) = 0;
  // Views src as [outer, src_dim, inner] and dst as [outer, dst_dim, inner] and copies (or adds)
  // src[:, src_start : src_start + length, :] into dst[:, dst_start : dst_start + length, :].
  // Slicing, concatenation and both their backwards are this one kernel.
  virtual void copy_block(const Scalar* src, int64_t src_dim, int64_t src_start, Scalar* dst,
                          int64_t dst_dim, int64_t dst_start, int64_t outer, int64_t length, int64_t inner,
                          bool accumulate) = 0;

  // ---- pooling ------------------------------------------------------------------------------
  // y[b, :] = sum_s mask[b, s] * x[b, s, :] / n_b, x is [batch, seq, hidden], where n_b =
  // sum_s mask[b, s] (the mean), or sqrt of it with sqrt_length (sentence-transformers'
  // mean_sqrt_len_tokens).
  virtual void masked_mean_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch,
                                   int64_t seq, int64_t hidden, bool sqrt_length) = 0;
  virtual void masked_mean_backward(const Scalar* mask, const Scalar* dy, Scalar* dx, int64_t batch,
                                    int64_t seq, int64_t hidden, bool sqrt_length) = 0;
  // y[b, h] = max over the tokens s with mask[b, s] != 0 of x[b, s, h] (sentence-transformers'
  // max_tokens); backward adds dy[b, h] to the first token that reaches the max, as torch.max.
  virtual void masked_max_forward(const Scalar* x, const Scalar* mask, Scalar* y, int64_t batch,
                                  int64_t seq, int64_t hidden) = 0;
  virtual void masked_max_backward(const Scalar* x, const Scalar* mask, const Scalar* dy, Scalar* dx,
                                   int64_t batch, int64_t seq, int64_t hidden) = 0;

  // ---- l2_normalize -------------------------------------------------------------------------
  // y = x / max(||x||_2, eps) per row; saves the (unclamped) norm per row.
  virtual void l2_normalize_forward(const Scalar* x, Scalar* y, Scalar* norms, int64_t rows, int64_t cols,
                                    Scalar eps) = 0;
  virtual void l2_normalize_backward(const Scalar* y, const Scalar* norms, const Scalar* dy, Scalar* dx,
                                     int64_t rows, int64_t cols, Scalar eps) = 0;

  // ---- cross_entropy ------------------------------------------------------------------------
  // loss[0] = inv_count * sum over rows with label >= 0 of (logsumexp(row) - row[label]);
  // probs = softmax(logits) (kept for backward). Labels < 0 are ignored (PyTorch's -100).
  virtual void cross_entropy_forward(const Scalar* logits, const int32_t* labels, Scalar* probs,
                                     Scalar* loss, int64_t rows, int64_t cols, Scalar inv_count) = 0;
  // dlogits += dloss[0] * inv_count * (probs - onehot(label)) on rows with a label.
  virtual void cross_entropy_backward(const Scalar* probs, const int32_t* labels, const Scalar* dloss,
                                      Scalar* dlogits, int64_t rows, int64_t cols, Scalar inv_count) = 0;

  // ---- reduction ----------------------------------------------------------------------------
  // out[0] = scale * sum(x). Summed in fixed-size blocks in a fixed order: the same bits whatever
  // the thread count.
  virtual void sum(const Scalar* x, int64_t count, Scalar scale, Scalar* out) = 0;
  // dx[i] += scale * dout[0]: the backward of sum and mean.
  virtual void add_scalar_broadcast(const Scalar* dout, Scalar scale, Scalar* dx, int64_t count) = 0;
  // out[0] = sum of x_i^2, summed as `sum` is. Gradient clipping (torch.nn.utils.clip_grad_norm_)
  // takes the norm of each gradient tensor, sqrt(out[0]), then scales every gradient by
  // min(1, max_norm / (total_norm + 1e-6)) with `scale`. `out` may point into a longer buffer, so
  // the squared norms of all parameters can be fetched with one copy.
  virtual void sum_of_squares(const Scalar* x, int64_t count, Scalar* out) = 0;

  // ---- adamw --------------------------------------------------------------------------------
  // One torch.optim.AdamW step on one parameter tensor, in place: weight decay, both moments and
  // the parameter, in one pass. `step` counts from 1; settings.learning_rate is this step's rate
  // and settings.weight_decay this parameter's. The formula, in torch's order, is in adamw_math.h.
  virtual void adamw_update(Scalar* param, const Scalar* grad, Scalar* exp_avg, Scalar* exp_avg_sq, int64_t count,
                            const AdamWSettings& settings, int64_t step) = 0;
};

// The backend that owns memory on `device` (an error for cuda in a build without it).
Backend& backend_for(Device device);

// A binary linked with the CUDA backend (cuda/*.cu: nvcc with `make CUDA=1`, or g++ on the CPU
// emulator in the tests) registers it before main() runs; `factory` creates it on first use.
void register_cuda_backend(Backend& (*factory)());

// The device named "cpu" or "cuda", as the --device flag of encode, train, eval and analyze spells
// it, checked to be usable: cuda in a binary built without the CUDA backend is an error here,
// before a model is loaded, not at its first op.
Device parse_device(const std::string& name);

// The CPU backend's settings for the whole process (src/backend/cpu/memory.cc, cpu/matmul.cc):
// the threads of its OpenMP loops and of OpenBLAS (0 = all cores), and which library its GEMM
// uses ("Eigen", or "OpenBLAS" with SIMCSE_GEMM=openblas in the environment).
void set_num_threads(int threads);
int num_threads();
const char* cpu_gemm_name();

}  // namespace simcse
