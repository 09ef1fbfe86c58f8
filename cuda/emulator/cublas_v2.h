// cublas_v2.h (emulator) — the four cuBLAS GEMMs the CUDA backend calls, with cuBLAS's exact
// contract, so that a mistake in the row-major translation (cuda/gemm.cu) fails here as it would
// on a GPU: matrices are column-major; op(X) is X or its transpose; the leading dimension of a
// stored matrix is the distance between its columns and must be at least max(1, its row count),
// else CUBLAS_STATUS_INVALID_VALUE; with beta = 0, C is written without being read (it may hold
// garbage or NaN). Strided-batched calls repeat the product with each pointer advanced by its stride.
// Implemented as the textbook triple loop (cublas.cc): clear rather than fast, the shapes in tests are small.
// Paper: none (infrastructure)
#pragma once

#include <cuda_runtime.h>

enum cublasStatus_t {
  CUBLAS_STATUS_SUCCESS = 0,
  CUBLAS_STATUS_NOT_INITIALIZED = 1,
  CUBLAS_STATUS_ALLOC_FAILED = 3,
  CUBLAS_STATUS_INVALID_VALUE = 7,
};

enum cublasOperation_t {
  CUBLAS_OP_N = 0,  // the matrix as stored
  CUBLAS_OP_T = 1,  // its transpose
  CUBLAS_OP_C = 2,  // its conjugate transpose: the transpose, for real numbers
};

struct cublasContext;
using cublasHandle_t = cublasContext*;

cublasStatus_t cublasCreate(cublasHandle_t* handle);
cublasStatus_t cublasDestroy(cublasHandle_t handle);
const char* cublasGetStatusString(cublasStatus_t status);

// C = alpha * op(A) op(B) + beta * C, where op(A) is m x k, op(B) is k x n and C is m x n.
cublasStatus_t cublasSgemm(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                           int k, const float* alpha, const float* A, int lda, const float* B, int ldb,
                           const float* beta, float* C, int ldc);
cublasStatus_t cublasDgemm(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                           int k, const double* alpha, const double* A, int lda, const double* B, int ldb,
                           const double* beta, double* C, int ldc);
cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb,
                                         int m, int n, int k, const float* alpha, const float* A, int lda,
                                         long long int strideA, const float* B, int ldb, long long int strideB,
                                         const float* beta, float* C, int ldc, long long int strideC, int batchCount);
cublasStatus_t cublasDgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb,
                                         int m, int n, int k, const double* alpha, const double* A, int lda,
                                         long long int strideA, const double* B, int ldb, long long int strideB,
                                         const double* beta, double* C, int ldc, long long int strideC,
                                         int batchCount);
