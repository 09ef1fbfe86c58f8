// nccl_communicator.cu — the data-parallel world on GPUs: NCCL's all-gather, all-reduce and
// broadcast on device buffers, one GPU per rank, bootstrapped over MPI as llm.c does it (rank 0
// makes NCCL's unique id, MPI hands it to every rank, each joins with ncclCommInitRank). Built by
// nvcc with `make CUDA=1` only (the emulated device runs in one process, where MPI's world with
// host copies serves instead). Host-side collectives (the longest sentence, the flags check) stay
// with MPI.
// Paper: none (infrastructure for §4's large batches; SimCSE's own runs used torch.distributed)
#include <nccl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "core/error.h"
#include "dist/communicator.h"

namespace simcse {
namespace {

void check_nccl(ncclResult_t result, const char* call) {
  SIMCSE_CHECK(result == ncclSuccess, "NCCL: ", call, " failed: ", ncclGetErrorString(result));
}

void check_cuda(cudaError_t result, const char* call) {
  SIMCSE_CHECK(result == cudaSuccess, "CUDA: ", call, " failed: ", cudaGetErrorString(result));
}

ncclDataType_t scalar_type() { return sizeof(Scalar) == 8 ? ncclDouble : ncclFloat; }

// The id is 128 opaque bytes; the MPI world carries text, so it travels as hex.
std::string to_hex(const ncclUniqueId& id) {
  std::string hex;
  char pair[3];
  for (char byte : id.internal) {
    std::snprintf(pair, sizeof pair, "%02x", static_cast<unsigned char>(byte));
    hex += pair;
  }
  return hex;
}

ncclUniqueId from_hex(const std::string& hex) {
  ncclUniqueId id;
  for (size_t i = 0; i < sizeof id.internal; ++i)
    id.internal[i] = static_cast<char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return id;
}

class NcclWorld final : public Communicator {
 public:
  explicit NcclWorld(Communicator& mpi) : mpi_(mpi) {
    // One GPU per rank: the rank's place on its machine picks the device.
    int devices = 0;
    check_cuda(cudaGetDeviceCount(&devices), "cudaGetDeviceCount");
    const char* local_rank = std::getenv("OMPI_COMM_WORLD_LOCAL_RANK");
    const int device = (local_rank ? std::atoi(local_rank) : mpi.rank()) % devices;
    check_cuda(cudaSetDevice(device), "cudaSetDevice");
    ncclUniqueId id;
    if (mpi.rank() == 0) check_nccl(ncclGetUniqueId(&id), "ncclGetUniqueId");
    const std::string rank0_id = mpi.all_gather_text(mpi.rank() == 0 ? to_hex(id) : std::string())[0];
    id = from_hex(rank0_id);
    check_nccl(ncclCommInitRank(&comm_, mpi.size(), id, mpi.rank()), "ncclCommInitRank");
    // A blocking stream: it waits for the kernels before it on the default stream, and they for it.
    check_cuda(cudaStreamCreate(&stream_), "cudaStreamCreate");
  }
  ~NcclWorld() override {
    ncclCommDestroy(comm_);
    cudaStreamDestroy(stream_);
  }

  int rank() const override { return mpi_.rank(); }
  int size() const override { return mpi_.size(); }
  std::string describe() const override { return "NCCL over MPI, " + std::to_string(size()) + " ranks"; }

  void all_gather(const Scalar* local, Scalar* gathered, int64_t count, Device device) override {
    if (device == Device::cpu) return mpi_.all_gather(local, gathered, count, device);
    check_nccl(ncclAllGather(local, gathered, count, scalar_type(), comm_, stream_), "ncclAllGather");
    wait("all-gather");
  }
  // NCCL's ring reduces each chunk once and passes the result on, so every rank gets the same bits.
  void all_reduce_sum(Scalar* data, int64_t count, Device device) override {
    if (device == Device::cpu) return mpi_.all_reduce_sum(data, count, device);
    check_nccl(ncclAllReduce(data, data, count, scalar_type(), ncclSum, comm_, stream_), "ncclAllReduce");
    wait("all-reduce");
  }
  void broadcast(Scalar* data, int64_t count, int root, Device device) override {
    if (device == Device::cpu) return mpi_.broadcast(data, count, root, device);
    check_nccl(ncclBroadcast(data, data, count, scalar_type(), root, comm_, stream_), "ncclBroadcast");
    wait("broadcast");
  }
  int64_t all_reduce_max(int64_t value) override { return mpi_.all_reduce_max(value); }
  std::vector<std::string> all_gather_text(const std::string& text) override { return mpi_.all_gather_text(text); }

 private:
  // NCCL's calls only enqueue; a rank that never joins would leave the stream waiting forever, so
  // the stream is polled until the deadline, then the communicator is aborted and the run stopped.
  void wait(const char* what) {
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
      const cudaError_t state = cudaStreamQuery(stream_);
      if (state == cudaSuccess) return;
      SIMCSE_CHECK(state == cudaErrorNotReady, "NCCL ", what, ": ", cudaGetErrorString(state));
      const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (waited > collective_timeout()) {
        ncclCommAbort(comm_);
        fail("the NCCL ", what, " got no answer from the other ranks within ", collective_timeout(),
             " s (a rank crashed, hangs or was stopped); stopping the run");
      }
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
  }

  Communicator& mpi_;
  ncclComm_t comm_ = nullptr;
  cudaStream_t stream_ = nullptr;
};

std::unique_ptr<Communicator> make_nccl_world(Communicator& mpi) { return std::make_unique<NcclWorld>(mpi); }

[[maybe_unused]] const bool registered = (register_device_communicator(make_nccl_world), true);

}  // namespace
}  // namespace simcse
