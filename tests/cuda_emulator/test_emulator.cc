// test_emulator.cc — the CPU emulator of the CUDA runtime and cuBLAS (cuda/emulator/) behaves as
// the real ones do, for the subset the CUDA backend uses: thread and block indices in 3-D grids,
// __syncthreads with shared memory, warp shuffles, atomics, launch-configuration errors, a kernel
// that skips a __syncthreads reported as deadlocked, and cuBLAS's column-major GEMM contract
// (leading dimensions, transposes, beta = 0 never reading C, argument checks). The backend's tests
// (tests/cuda/) rely on all of this; here each piece is checked against a value worked out by hand.
// Compiled with g++ against the emulator's headers, as the .cu files are in `make test`.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "cuda/launch.h"
#include "cuda/warp_reduce.cuh"

namespace simcse::cuda {
namespace {

// Device memory holding `values`, freed at the end of the test.
template <typename T>
struct DeviceArray {
  explicit DeviceArray(const std::vector<T>& values) : size(values.size()) {
    check_cuda(cudaMalloc(reinterpret_cast<void**>(&data), size * sizeof(T)), "cudaMalloc");
    check_cuda(cudaMemcpy(data, values.data(), size * sizeof(T), cudaMemcpyHostToDevice), "cudaMemcpy");
  }
  ~DeviceArray() { cudaFree(data); }
  std::vector<T> to_host() const {
    std::vector<T> values(size);
    check_cuda(cudaMemcpy(values.data(), data, size * sizeof(T), cudaMemcpyDeviceToHost), "cudaMemcpy");
    return values;
  }
  T* data = nullptr;
  size_t size;
};

// ---- kernels under test -------------------------------------------------------------------------

__global__ void write_coordinates_kernel(int* out) {
  const int block = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
  const int thread = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
  const int threads_per_block = blockDim.x * blockDim.y * blockDim.z;
  out[block * threads_per_block + thread] = 1000 * block + thread;
}

// Reverses each block's values through shared memory: every thread must have written before any reads.
__global__ void reverse_in_block_kernel(const int* in, int* out) {
  __shared__ int staged[128];
  const int base = blockIdx.x * blockDim.x;
  staged[threadIdx.x] = in[base + threadIdx.x];
  __syncthreads();
  out[base + threadIdx.x] = staged[blockDim.x - 1 - threadIdx.x];
}

__global__ void shuffles_kernel(int* xor_out, int* down_out) {
  const int lane = threadIdx.x % 32;
  xor_out[threadIdx.x] = __shfl_xor_sync(kFullWarp, 100 + lane, 5);  // from lane ^ 5
  down_out[threadIdx.x] = __shfl_down_sync(kFullWarp, 100 + lane, 3);  // from lane + 3, or its own
}

__global__ void block_sum_kernel(const double* in, double* out) {
  const double total = block_sum(in[blockIdx.x * blockDim.x + threadIdx.x]);
  out[blockIdx.x * blockDim.x + threadIdx.x] = total;  // every thread receives the sum
}

__global__ void atomic_add_kernel(float* total, double* total_double) {
  atomicAdd(total, 0.5f);
  atomicAdd(total_double, 0.25);
}

// Threads 0..15 return early, the others wait at __syncthreads for them: a deadlock.
__global__ void early_return_kernel(int* out) {
  if (threadIdx.x < 16) return;
  __syncthreads();
  out[threadIdx.x] = 1;
}

// ---- tests --------------------------------------------------------------------------------------

TEST(Emulator, ThreadAndBlockIndicesIn3D) {
  const dim3 grid(3, 2, 2), block(4, 3, 2);
  DeviceArray<int> out(std::vector<int>(12 * 24, -1));
  SIMCSE_LAUNCH(write_coordinates_kernel, grid, block, out.data);
  const std::vector<int> values = out.to_host();
  for (int b = 0; b < 12; ++b)
    for (int t = 0; t < 24; ++t) EXPECT_EQ(values[b * 24 + t], 1000 * b + t);
}

TEST(Emulator, SyncthreadsMakesSharedWritesVisible) {
  std::vector<int> in(256);
  for (int i = 0; i < 256; ++i) in[i] = i * i;
  DeviceArray<int> device_in(in), out(std::vector<int>(256, 0));
  SIMCSE_LAUNCH(reverse_in_block_kernel, 2, 128, device_in.data, out.data);
  const std::vector<int> values = out.to_host();
  for (int b = 0; b < 2; ++b)
    for (int t = 0; t < 128; ++t) EXPECT_EQ(values[b * 128 + t], in[b * 128 + 127 - t]);
}

TEST(Emulator, WarpShufflesXorAndDown) {
  DeviceArray<int> xor_out(std::vector<int>(64, 0)), down_out(std::vector<int>(64, 0));
  SIMCSE_LAUNCH(shuffles_kernel, 1, 64, xor_out.data, down_out.data);
  const std::vector<int> xors = xor_out.to_host(), downs = down_out.to_host();
  for (int t = 0; t < 64; ++t) {
    const int lane = t % 32;
    EXPECT_EQ(xors[t], 100 + (lane ^ 5));
    EXPECT_EQ(downs[t], 100 + (lane + 3 < 32 ? lane + 3 : lane));
  }
}

TEST(Emulator, BlockSumGivesEveryThreadTheSameTotal) {
  std::vector<double> in(2 * 96);
  for (size_t i = 0; i < in.size(); ++i) in[i] = 1.0 / static_cast<double>(i + 1);
  DeviceArray<double> device_in(in), out(std::vector<double>(in.size(), 0));
  SIMCSE_LAUNCH(block_sum_kernel, 2, 96, device_in.data, out.data);
  const std::vector<double> values = out.to_host();
  for (int b = 0; b < 2; ++b) {
    double expected = 0;
    for (int t = 0; t < 96; ++t) expected += in[b * 96 + t];
    for (int t = 0; t < 96; ++t) {
      EXPECT_NEAR(values[b * 96 + t], expected, 1e-14);
      EXPECT_EQ(values[b * 96 + t], values[b * 96]);  // the same bits in every thread
    }
  }
}

TEST(Emulator, AtomicAddFloatAndDouble) {
  DeviceArray<float> total(std::vector<float>{1.0f});
  DeviceArray<double> total_double(std::vector<double>{0.0});
  SIMCSE_LAUNCH(atomic_add_kernel, 3, 64, total.data, total_double.data);
  EXPECT_EQ(total.to_host()[0], 1.0f + 0.5f * 192);
  EXPECT_EQ(total_double.to_host()[0], 0.25 * 192);
}

TEST(Emulator, InvalidLaunchConfigurationIsAnErrorNamingTheKernel) {
  DeviceArray<int> out(std::vector<int>(4, 0));
  try {
    SIMCSE_LAUNCH(write_coordinates_kernel, 1, 2048, out.data);  // more than 1024 threads per block
    FAIL() << "the launch did not fail";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), "cuda: write_coordinates_kernel failed: invalid configuration argument");
  }
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);  // reading the error cleared it
}

TEST(EmulatorDeathTest, SkippedSyncthreadsIsReportedAsADeadlock) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // re-runs the binary: ASan keeps a thread of its own
  DeviceArray<int> out(std::vector<int>(32, 0));
  EXPECT_DEATH(SIMCSE_LAUNCH(early_return_kernel, 1, 32, out.data),
               "kernel 'early_return_kernel', block \\(0, 0, 0\\) deadlocked: 16 thread\\(s\\) wait at __syncthreads");
}

// ---- cuBLAS -------------------------------------------------------------------------------------

TEST(EmulatorCublas, ColumnMajorWithLeadingDimensionAndTransposes) {
  cublasHandle_t handle;
  ASSERT_EQ(cublasCreate(&handle), CUBLAS_STATUS_SUCCESS);
  // A is 2 x 3 column-major with lda = 4 (two rows of padding, 99): A = [1 3 5; 2 4 6].
  DeviceArray<float> a(std::vector<float>{1, 2, 99, 99, 3, 4, 99, 99, 5, 6, 99, 99});
  // B is stored 2 x 3 (ldb = 2) and used transposed: op(B) = B^T is 3 x 2, B = [1 0 2; 0 1 3].
  DeviceArray<float> b(std::vector<float>{1, 0, 0, 1, 2, 3});
  const float nan = std::numeric_limits<float>::quiet_NaN();
  DeviceArray<float> c(std::vector<float>{nan, nan, nan, nan});  // beta = 0: C must not be read
  const float alpha = 2, beta = 0;
  ASSERT_EQ(cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_T, 2, 2, 3, &alpha, a.data, 4, b.data, 2, &beta, c.data, 2),
            CUBLAS_STATUS_SUCCESS);
  // A B^T = [1 3 5; 2 4 6] [1 0; 0 1; 2 3] = [11 18; 14 22]; times 2, stored column by column.
  EXPECT_EQ(c.to_host(), (std::vector<float>{22, 28, 36, 44}));
  DeviceArray<double> a_double(std::vector<double>{1, 2, 3, 4}), b_double(std::vector<double>{1, 1});
  DeviceArray<double> c_double(std::vector<double>{10, 20});
  const double alpha_double = 1, beta_double = 1;
  // beta = 1 adds. op(A) = A^T with A = [1 3; 2 4] (lda 2): A^T [1; 1] = [3; 7]; C = [10; 20] + [3; 7].
  ASSERT_EQ(cublasDgemm(handle, CUBLAS_OP_T, CUBLAS_OP_N, 2, 1, 2, &alpha_double, a_double.data, 2, b_double.data, 2,
                        &beta_double, c_double.data, 2),
            CUBLAS_STATUS_SUCCESS);
  EXPECT_EQ(c_double.to_host(), (std::vector<double>{13, 27}));
  // A leading dimension smaller than the rows it must hold is rejected, as cuBLAS does.
  EXPECT_EQ(cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, 3, 2, 2, &alpha, a.data, 2, b.data, 2, &beta, c.data, 3),
            CUBLAS_STATUS_INVALID_VALUE);
  EXPECT_EQ(cublasDestroy(handle), CUBLAS_STATUS_SUCCESS);
}

TEST(EmulatorCublas, StridedBatchedAdvancesEachOperandByItsStride) {
  cublasHandle_t handle;
  ASSERT_EQ(cublasCreate(&handle), CUBLAS_STATUS_SUCCESS);
  // Two 1 x 1 x 2 products: item 0 is [1 2] . [3; 4] = 11, item 1 is [5 6] . [7; 8] = 83.
  DeviceArray<float> a(std::vector<float>{1, 2, 5, 6}), b(std::vector<float>{3, 4, 7, 8});
  DeviceArray<float> c(std::vector<float>{0, -1, 0});
  const float alpha = 1, beta = 0;
  ASSERT_EQ(cublasSgemmStridedBatched(handle, CUBLAS_OP_N, CUBLAS_OP_N, 1, 1, 2, &alpha, a.data, 1, 2, b.data, 2, 2,
                                      &beta, c.data, 1, 2, 2),
            CUBLAS_STATUS_SUCCESS);
  EXPECT_EQ(c.to_host(), (std::vector<float>{11, -1, 83}));  // stride 2 in C skips the middle value
  EXPECT_EQ(cublasDestroy(handle), CUBLAS_STATUS_SUCCESS);
}

}  // namespace
}  // namespace simcse::cuda
