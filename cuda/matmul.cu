// matmul.cu — CudaBackend::gemm: every matrix product of the model (Linear layers, the attention
// scores and mixing, the cosine matrix) through cuBLAS, one GEMM or one strided-batched GEMM per
// call. cuBLAS inherited Fortran's column-major layout, this project stores matrices row-major, and
// gemm_row_major below is the one place that translates between the two.
// Paper: none (infrastructure)
#include <limits>
#include <type_traits>

#include "cuda/cuda_backend.h"
#include "cuda/launch.h"

namespace simcse {

namespace {

// cuBLAS names its GEMMs by type (S = float, D = double); T, the build's Scalar, picks the pair.
template <typename T>
cublasStatus_t cublas_gemm(cublasHandle_t handle, cublasOperation_t op_a, cublasOperation_t op_b, int m, int n, int k,
                           const T* alpha, const T* a, int lda, long long stride_a, const T* b, int ldb,
                           long long stride_b, const T* beta, T* c, int ldc, long long stride_c, int batch) {
  if constexpr (std::is_same_v<T, float>) {
    if (batch == 1) return cublasSgemm(handle, op_a, op_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return cublasSgemmStridedBatched(handle, op_a, op_b, m, n, k, alpha, a, lda, stride_a, b, ldb, stride_b, beta, c,
                                     ldc, stride_c, batch);
  } else {
    if (batch == 1) return cublasDgemm(handle, op_a, op_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return cublasDgemmStridedBatched(handle, op_a, op_b, m, n, k, alpha, a, lda, stride_a, b, ldb, stride_b, beta, c,
                                     ldc, stride_c, batch);
  }
}

int as_int(int64_t value, const char* what) {
  SIMCSE_CHECK(value >= 0 && value <= std::numeric_limits<int>::max(), "gemm: ", what, " = ", value,
               " does not fit cuBLAS's int");
  return static_cast<int>(value);
}

// Row-major C[m, n] = alpha * op(A) op(B) + beta * C, through column-major cuBLAS.
//
// A row-major [rows, cols] matrix lies in memory exactly as a column-major [cols, rows] matrix: its
// transpose. So cuBLAS sees every operand transposed: our C as C^T, our stored A as A^T, our stored
// B as B^T. In the terms cuBLAS sees, the product we want is
//     C^T = (op(A) op(B))^T = op(B)^T op(A)^T,
// one cuBLAS call with the operands swapped (B first) and m and n exchanged. Each operand keeps its
// own transpose flag: cuBLAS sees B^T, which is op(B)^T when B is not transposed (CUBLAS_OP_N); when
// it is, op(B)^T is B as stored, the transpose of what cuBLAS sees (CUBLAS_OP_T). A leading dimension, the
// distance between two of cuBLAS's columns, is the length of one of our stored rows.
void gemm_row_major(cublasHandle_t handle, const GemmArgs& g, const Scalar* a, const Scalar* b, Scalar* c) {
  const int m = as_int(g.m, "m"), n = as_int(g.n, "n"), k = as_int(g.k, "k"), batch = as_int(g.batch, "batch");
  const int lda = std::max(1, as_int(g.transpose_a ? g.m : g.k, "lda"));  // A stored [k, m] or [m, k]
  const int ldb = std::max(1, as_int(g.transpose_b ? g.k : g.n, "ldb"));  // B stored [n, k] or [k, n]
  const int ldc = std::max(1, n);
  const cublasOperation_t op_a = g.transpose_a ? CUBLAS_OP_T : CUBLAS_OP_N;
  const cublasOperation_t op_b = g.transpose_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  cuda::check_cublas(cublas_gemm(handle, op_b, op_a, /*m=*/n, /*n=*/m, k, &g.alpha, b, ldb, g.stride_b, a, lda,
                                 g.stride_a, &g.beta, c, ldc, g.stride_c, batch),
                     "gemm");
}

}  // namespace

void CudaBackend::gemm(const GemmArgs& args, const Scalar* a, const Scalar* b, Scalar* c) {
  SIMCSE_CHECK(args.m >= 0 && args.n >= 0 && args.k >= 0 && args.batch >= 1, "gemm: invalid sizes m=", args.m,
               " n=", args.n, " k=", args.k, " batch=", args.batch);
  if (args.m == 0 || args.n == 0) return;  // nothing to compute (and cuBLAS wants a valid ldc)
  gemm_row_major(cublas_, args, a, b, c);
}

}  // namespace simcse
