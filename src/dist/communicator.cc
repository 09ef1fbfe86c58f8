// communicator.cc — the single-process world, and MPI's, whose collectives are non-blocking calls
// waited on with a deadline: a rank that crashed, hangs or was stopped makes the others stop with
// an error instead of waiting forever. The all-reduce is written out (all-to-all, a sum in rank
// order, all-gather) so every rank gets the same bits, whatever MPI's own reduction order.
// Paper: none (infrastructure for §4's large batches)
#include "dist/communicator.h"

// MPI's C interface only: its deprecated C++ bindings would need libmpi_cxx.
#define OMPI_SKIP_MPICXX 1
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "backend/backend.h"
#include "core/error.h"

namespace simcse {

namespace {

double collective_timeout_seconds = 600;

class SingleProcess final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::string describe() const override { return "single process"; }
  void all_gather(const Scalar* local, Scalar* gathered, int64_t count, Device device) override {
    if (local != gathered) backend_for(device).copy(gathered, local, count);
  }
  void all_reduce_sum(Scalar*, int64_t, Device) override {}
  void broadcast(Scalar*, int64_t, int, Device) override {}
  int64_t all_reduce_max(int64_t value) override { return value; }
  std::vector<std::string> all_gather_text(const std::string& text) override { return {text}; }
};

MPI_Datatype scalar_type() { return sizeof(Scalar) == 8 ? MPI_DOUBLE : MPI_FLOAT; }

// MPI works on host memory: a device buffer is copied to the host and back around each call.
class HostBuffer {
 public:
  HostBuffer(Scalar* data, int64_t count, Device device, bool copy_in)
      : data_(data), count_(count), device_(device) {
    if (device_ == Device::cpu) return;
    host_.resize(count);
    if (copy_in) backend_for(device_).copy_to_host(host_.data(), data_, count_);
  }
  Scalar* get() { return device_ == Device::cpu ? data_ : host_.data(); }
  void copy_out() {
    if (device_ != Device::cpu) backend_for(device_).copy_from_host(data_, host_.data(), count_);
  }

 private:
  Scalar* data_;
  int64_t count_;
  Device device_;
  std::vector<Scalar> host_;
};

class MpiWorld final : public Communicator {
 public:
  MpiWorld() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string describe() const override { return "MPI, " + std::to_string(size_) + " ranks"; }

  void all_gather(const Scalar* local, Scalar* gathered, int64_t count, Device device) override {
    HostBuffer in(const_cast<Scalar*>(local), count, device, true);
    HostBuffer out(gathered, count * size_, device, false);
    MPI_Request request;
    MPI_Iallgather(in.get(), checked_count(count), scalar_type(), out.get(), checked_count(count), scalar_type(),
                   MPI_COMM_WORLD, &request);
    wait(request, "all-gather");
    out.copy_out();
  }

  // Reduce-scatter then all-gather, by hand: rank r sums chunk r of every rank's data in rank order.
  void all_reduce_sum(Scalar* data, int64_t count, Device device) override {
    HostBuffer buffer(data, count, device, true);
    const int64_t chunk = (count + size_ - 1) / size_;
    std::vector<Scalar> padded(static_cast<size_t>(chunk * size_), 0), received(padded.size());
    std::copy_n(buffer.get(), count, padded.begin());
    MPI_Request request;
    MPI_Ialltoall(padded.data(), checked_count(chunk), scalar_type(), received.data(), checked_count(chunk),
                  scalar_type(), MPI_COMM_WORLD, &request);
    wait(request, "all-reduce (exchange)");
    std::vector<Scalar> mine(received.begin(), received.begin() + chunk);  // rank 0's part of chunk `rank_`
    for (int from = 1; from < size_; ++from)
      for (int64_t i = 0; i < chunk; ++i) mine[i] += received[from * chunk + i];
    MPI_Iallgather(mine.data(), checked_count(chunk), scalar_type(), padded.data(), checked_count(chunk), scalar_type(),
                   MPI_COMM_WORLD, &request);
    wait(request, "all-reduce (gather)");
    std::copy_n(padded.begin(), count, buffer.get());
    buffer.copy_out();
  }

  void broadcast(Scalar* data, int64_t count, int root, Device device) override {
    HostBuffer buffer(data, count, device, rank_ == root);
    MPI_Request request;
    MPI_Ibcast(buffer.get(), checked_count(count), scalar_type(), root, MPI_COMM_WORLD, &request);
    wait(request, "broadcast");
    buffer.copy_out();
  }

  int64_t all_reduce_max(int64_t value) override {
    int64_t result = 0;
    MPI_Request request;
    MPI_Iallreduce(&value, &result, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD, &request);
    wait(request, "all-reduce (max)");
    return result;
  }

  std::vector<std::string> all_gather_text(const std::string& text) override {
    const int64_t longest = all_reduce_max(static_cast<int64_t>(text.size()));
    std::vector<char> mine(static_cast<size_t>(longest) + 1, '\0'), all(mine.size() * size_);
    std::copy(text.begin(), text.end(), mine.begin());
    MPI_Request request;
    MPI_Iallgather(mine.data(), checked_count(longest + 1), MPI_CHAR, all.data(), checked_count(longest + 1), MPI_CHAR,
                   MPI_COMM_WORLD, &request);
    wait(request, "all-gather (text)");
    std::vector<std::string> texts;
    for (int r = 0; r < size_; ++r) texts.emplace_back(all.data() + r * mine.size());
    return texts;
  }

 private:
  static int checked_count(int64_t count) {
    SIMCSE_CHECK(count <= INT32_MAX, "a collective of ", count, " values is more than MPI's int count can say");
    return static_cast<int>(count);
  }

  // Waits for `request`, driving MPI's progress, until the deadline; then it is an error.
  void wait(MPI_Request& request, const char* what) const {
    const auto start = std::chrono::steady_clock::now();
    for (int done = 0;;) {
      MPI_Test(&request, &done, MPI_STATUS_IGNORE);
      if (done) return;
      const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (waited > collective_timeout_seconds)
        fail("the ", what, " got no answer from the other ranks within ",
             collective_timeout_seconds, " s (a rank crashed, hangs or was stopped); stopping the run");
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
  }

  int rank_ = 0, size_ = 1;
};

std::unique_ptr<Communicator>& mpi_world() {
  static std::unique_ptr<Communicator> instance;
  return instance;
}

std::unique_ptr<Communicator> (*make_device_communicator)(Communicator&) = nullptr;  // set by cuda/nccl/

std::unique_ptr<Communicator>& device_world() {
  static std::unique_ptr<Communicator> instance;
  return instance;
}

bool launched_by_mpirun() { return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE"); }

}  // namespace

Communicator& single_process() {
  static SingleProcess instance;
  return instance;
}

Communicator& world() { return mpi_world() ? *mpi_world() : single_process(); }

Communicator& world_for(Device device) {
  if (device != Device::cuda || !make_device_communicator || world().size() == 1) return world();
  if (!device_world()) device_world() = make_device_communicator(world());  // a collective: every rank calls it
  return *device_world();
}

void register_device_communicator(std::unique_ptr<Communicator> (*make)(Communicator&)) {
  make_device_communicator = make;
}

double collective_timeout() { return collective_timeout_seconds; }

void set_collective_timeout(double seconds) {
  SIMCSE_CHECK(seconds > 0, "the collective timeout must be positive, got ", seconds);
  collective_timeout_seconds = seconds;
}

DistributedRun::DistributedRun(int& argc, char**& argv) {
  if (!launched_by_mpirun()) return;
  MPI_Init(&argc, &argv);
  mpi_world() = std::make_unique<MpiWorld>();
}

DistributedRun::~DistributedRun() {
  if (!mpi_world()) return;
  device_world().reset();  // NCCL's, before the MPI world it was bootstrapped over
  mpi_world().reset();
  MPI_Finalize();
}

void abort_run(int status) {
  if (mpi_world() && mpi_world()->size() > 1) MPI_Abort(MPI_COMM_WORLD, status);
  std::exit(status);
}

}  // namespace simcse
