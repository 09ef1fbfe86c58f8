// cublas.cc (emulator) — cuBLAS's column-major GEMM as the textbook triple loop, with cuBLAS's
// argument checks. Element (i, j) of a column-major matrix X with leading dimension ldx is
// X[i + j * ldx]; op(X)(i, j) is X(i, j), or X(j, i) when transposed.
// Paper: none (infrastructure)
#include <algorithm>

#include <cublas_v2.h>

struct cublasContext {};

namespace {

// op(X)(row, col) for a column-major X with leading dimension ld.
template <typename T>
T element(cublasOperation_t op, const T* x, int ld, long long row, long long col) {
  return op == CUBLAS_OP_N ? x[row + col * ld] : x[col + row * ld];
}

template <typename T>
cublasStatus_t gemm_strided_batched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m,
                                    int n, int k, const T* alpha, const T* a, int lda, long long stride_a, const T* b,
                                    int ldb, long long stride_b, const T* beta, T* c, int ldc, long long stride_c,
                                    int batch) {
  if (handle == nullptr) return CUBLAS_STATUS_NOT_INITIALIZED;
  auto valid_op = [](cublasOperation_t op) { return op == CUBLAS_OP_N || op == CUBLAS_OP_T || op == CUBLAS_OP_C; };
  const int a_rows = transa == CUBLAS_OP_N ? m : k;  // rows of A as stored
  const int b_rows = transb == CUBLAS_OP_N ? k : n;
  if (!valid_op(transa) || !valid_op(transb) || m < 0 || n < 0 || k < 0 || batch < 0 || lda < std::max(1, a_rows) ||
      ldb < std::max(1, b_rows) || ldc < std::max(1, m) || alpha == nullptr || beta == nullptr)
    return CUBLAS_STATUS_INVALID_VALUE;
  for (int item = 0; item < batch; ++item) {
    const T* a_item = a + item * stride_a;
    const T* b_item = b + item * stride_b;
    T* c_item = c + item * stride_c;
    for (long long j = 0; j < n; ++j)
      for (long long i = 0; i < m; ++i) {
        T product = 0;
        for (long long l = 0; l < k; ++l)
          product += element(transa, a_item, lda, i, l) * element(transb, b_item, ldb, l, j);
        T& out = c_item[i + j * ldc];
        out = *beta == T(0) ? *alpha * product : *alpha * product + *beta * out;  // beta = 0: C is not read
      }
  }
  return CUBLAS_STATUS_SUCCESS;
}

}  // namespace

cublasStatus_t cublasCreate(cublasHandle_t* handle) {
  if (handle == nullptr) return CUBLAS_STATUS_INVALID_VALUE;
  *handle = new cublasContext;
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasDestroy(cublasHandle_t handle) {
  if (handle == nullptr) return CUBLAS_STATUS_NOT_INITIALIZED;
  delete handle;
  return CUBLAS_STATUS_SUCCESS;
}

const char* cublasGetStatusString(cublasStatus_t status) {
  switch (status) {
    case CUBLAS_STATUS_SUCCESS: return "the operation completed successfully";
    case CUBLAS_STATUS_NOT_INITIALIZED: return "the library was not initialized";
    case CUBLAS_STATUS_ALLOC_FAILED: return "the resource allocation failed";
    case CUBLAS_STATUS_INVALID_VALUE: return "an invalid numeric value was used as an argument";
  }
  return "unknown error";
}

cublasStatus_t cublasSgemm(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                           int k, const float* alpha, const float* A, int lda, const float* B, int ldb,
                           const float* beta, float* C, int ldc) {
  return gemm_strided_batched(handle, transa, transb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1);
}

cublasStatus_t cublasDgemm(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                           int k, const double* alpha, const double* A, int lda, const double* B, int ldb,
                           const double* beta, double* C, int ldc) {
  return gemm_strided_batched(handle, transa, transb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1);
}

cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb,
                                         int m, int n, int k, const float* alpha, const float* A, int lda,
                                         long long int strideA, const float* B, int ldb, long long int strideB,
                                         const float* beta, float* C, int ldc, long long int strideC, int batchCount) {
  return gemm_strided_batched(handle, transa, transb, m, n, k, alpha, A, lda, strideA, B, ldb, strideB, beta, C, ldc,
                              strideC, batchCount);
}

cublasStatus_t cublasDgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb,
                                         int m, int n, int k, const double* alpha, const double* A, int lda,
                                         long long int strideA, const double* B, int ldb, long long int strideB,
                                         const double* beta, double* C, int ldc, long long int strideC,
                                         int batchCount) {
  return gemm_strided_batched(handle, transa, transb, m, n, k, alpha, A, lda, strideA, B, ldb, strideB, beta, C, ldc,
                              strideC, batchCount);
}
