// communicator.h — the processes of a data-parallel run and the four collectives training needs:
// all-gather (the sentence vectors, so every rank sees the whole batch's negatives), all-reduce
// (the gradients), broadcast (the starting weights, ZeRO-1's updated shards) and a max (the longest
// sentence, so every rank pads to the same length). One process is a world of size 1 whose
// collectives are copies; `mpirun -np N` gives MPI's (CPU memory), and with `make CUDA=1` NCCL's
// (GPU memory, bootstrapped over MPI as llm.c does it).
// Paper: §4 / App. A (SimCSE's supervised recipe gathers 4 GPUs × 128 into 512 in-batch negatives)
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/device.h"
#include "core/scalar.h"

namespace simcse {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  virtual std::string describe() const = 0;  // "single process", "MPI, 2 ranks", "NCCL over MPI, 8 ranks"

  // gathered[r * count, (r + 1) * count) = rank r's `local`, on every rank; pointers on `device`.
  virtual void all_gather(const Scalar* local, Scalar* gathered, int64_t count, Device device) = 0;
  // data = the sum of every rank's data, in place, summed in rank order so all ranks get the same bits.
  virtual void all_reduce_sum(Scalar* data, int64_t count, Device device) = 0;
  // data = rank `root`'s data, in place.
  virtual void broadcast(Scalar* data, int64_t count, int root, Device device) = 0;
  // The largest `value` of any rank (host integers).
  virtual int64_t all_reduce_max(int64_t value) = 0;
  // Every rank's `text`, rank 0 first (host strings; for checking that the ranks agree).
  virtual std::vector<std::string> all_gather_text(const std::string& text) = 0;
};

// The world of a single process: every collective is a copy.
Communicator& single_process();

// The world this process was started in: MPI's when `mpirun` launched it (and MPI_Init ran, see
// DistributedRun), else single_process().
Communicator& world();

// The world whose collectives take buffers on `device`: for Device::cuda in a CUDA build run by
// mpirun, NCCL's (one GPU per rank, cuda/nccl/), else world() (MPI moves device buffers through
// host memory).
Communicator& world_for(Device device);

// A CUDA build registers how to make NCCL's world from MPI's (before main, as the CUDA backend
// registers itself); the result lives until DistributedRun ends.
void register_device_communicator(std::unique_ptr<Communicator> (*make)(Communicator& mpi_world));

// The deadline set_collective_timeout gave, for communicators that wait on their own.
double collective_timeout();

// How long a collective may wait for the other ranks before the run is stopped with an error
// naming the silent rank (a rank that crashed, hangs or was stopped never answers).
void set_collective_timeout(double seconds);

// Starts MPI when this process runs under mpirun (OMPI_COMM_WORLD_SIZE or PMI_SIZE is set) and
// stops it at the end of main; a plain start costs nothing. Create one, first thing in main.
class DistributedRun {
 public:
  DistributedRun(int& argc, char**& argv);
  ~DistributedRun();
  DistributedRun(const DistributedRun&) = delete;
  DistributedRun& operator=(const DistributedRun&) = delete;
};

// Ends every rank of the run after an error on one of them (MPI_Abort), so none waits forever for a
// rank that has already given up; a single process just exits with `status`.
[[noreturn]] void abort_run(int status);

}  // namespace simcse
