// matmul.cc — the CPU backend's one GEMM entry point, with two implementations behind it:
// Eigen's own product and OpenBLAS's cblas_?gemm. `make bench` times both at BERT's shapes; Eigen is
// the default because it measured faster on this project's machines, where OPENBLAS_CORETYPE=Haswell
// is set (OpenBLAS's SkylakeX kernels, without that variable, are faster still: SIMCSE_GEMM=openblas).
// A batch of products (the attention heads) is split across OpenMP threads, one product per thread.
// Paper: none (infrastructure)
#include <cblas.h>

// GCC 12 warns about uninitialised lanes inside its own AVX-512 intrinsics as Eigen uses them
// (a known false positive); silence it for this file only.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <Eigen/Core>
#include <cstdlib>
#include <cstring>

#include "backend/cpu/cpu_backend.h"
#include "core/error.h"

namespace simcse {

namespace {

using RowMajorMatrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<RowMajorMatrix>;
using ConstMatrixMap = Eigen::Map<const RowMajorMatrix>;

// One product C = alpha * op(A) op(B) + beta * C with Eigen. beta = 0 must not read C (it may be
// uninitialised memory, and 0 * NaN is NaN).
void eigen_gemm(const GemmArgs& g, const Scalar* a, const Scalar* b, Scalar* c) {
  ConstMatrixMap a_stored(a, g.transpose_a ? g.k : g.m, g.transpose_a ? g.m : g.k);
  ConstMatrixMap b_stored(b, g.transpose_b ? g.n : g.k, g.transpose_b ? g.k : g.n);
  MatrixMap c_matrix(c, g.m, g.n);
  auto multiply = [&](const auto& op_a, const auto& op_b) {
    if (g.beta == Scalar(0)) {
      c_matrix.noalias() = g.alpha * (op_a * op_b);
    } else {
      if (g.beta != Scalar(1)) c_matrix *= g.beta;
      c_matrix.noalias() += g.alpha * (op_a * op_b);
    }
  };
  if (!g.transpose_a && !g.transpose_b) multiply(a_stored, b_stored);
  if (!g.transpose_a && g.transpose_b) multiply(a_stored, b_stored.transpose());
  if (g.transpose_a && !g.transpose_b) multiply(a_stored.transpose(), b_stored);
  if (g.transpose_a && g.transpose_b) multiply(a_stored.transpose(), b_stored.transpose());
}

// cblas names its GEMM by type (s = float, d = double); overloading lets both builds share one call.
inline void cblas_gemm(CBLAS_ORDER order, CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, float alpha,
                const float* a, int lda, const float* b, int ldb, float beta, float* c, int ldc) {
  cblas_sgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
inline void cblas_gemm(CBLAS_ORDER order, CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, double alpha,
                const double* a, int lda, const double* b, int ldb, double beta, double* c, int ldc) {
  cblas_dgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void openblas_gemm(const GemmArgs& g, const Scalar* a, const Scalar* b, Scalar* c) {
  auto trans_a = g.transpose_a ? CblasTrans : CblasNoTrans;
  auto trans_b = g.transpose_b ? CblasTrans : CblasNoTrans;
  int lda = static_cast<int>(g.transpose_a ? g.m : g.k);  // row length of A as stored
  int ldb = static_cast<int>(g.transpose_b ? g.k : g.n);
  int m = static_cast<int>(g.m), n = static_cast<int>(g.n), k = static_cast<int>(g.k);
  cblas_gemm(CblasRowMajor, trans_a, trans_b, m, n, k, g.alpha, a, lda, b, ldb, g.beta, c, n);
}

}  // namespace

GemmImplementation cpu_gemm_implementation() {
  static const GemmImplementation chosen = [] {
    const char* requested = std::getenv("SIMCSE_GEMM");
    if (requested == nullptr || std::strcmp(requested, "eigen") == 0) return GemmImplementation::eigen;
    if (std::strcmp(requested, "openblas") == 0) return GemmImplementation::openblas;
    fail("SIMCSE_GEMM='", requested, "' is not a GEMM implementation (use eigen or openblas)");
  }();
  return chosen;
}

const char* gemm_implementation_name(GemmImplementation implementation) {
  return implementation == GemmImplementation::eigen ? "Eigen" : "OpenBLAS";
}

const char* cpu_gemm_name() { return gemm_implementation_name(cpu_gemm_implementation()); }

void cpu_gemm_with(GemmImplementation implementation, const GemmArgs& args, const Scalar* a, const Scalar* b,
                   Scalar* c) {
  SIMCSE_CHECK(args.m >= 0 && args.n >= 0 && args.k >= 0 && args.batch >= 1, "gemm: invalid sizes m=", args.m,
               " n=", args.n, " k=", args.k, " batch=", args.batch);
  auto one_product = implementation == GemmImplementation::eigen ? eigen_gemm : openblas_gemm;
  if (args.batch == 1) return one_product(args, a, b, c);
#pragma omp parallel for schedule(static)
  for (int64_t item = 0; item < args.batch; ++item)
    one_product(args, a + item * args.stride_a, b + item * args.stride_b, c + item * args.stride_c);
}

void CpuBackend::gemm(const GemmArgs& args, const Scalar* a, const Scalar* b, Scalar* c) {
  cpu_gemm_with(cpu_gemm_implementation(), args, a, b, c);
}

}  // namespace simcse
