// fibers.cc (emulator) — runs a kernel's grid on the CPU. Blocks run one after another; inside a
// block every CUDA thread is a ucontext fiber with its own stack. The scheduler resumes the ready
// fibers in thread order, and each runs until it waits at a barrier or finishes. There are two
// kinds of barrier: __syncthreads (every thread of the block) and a warp shuffle (the 32 lanes of
// one warp, which must all hand in their value before any lane can read another's). A barrier
// opens when the last thread it waits for arrives. If no fiber is ready but some have not finished
// (a __syncthreads that some threads skipped by returning early), the kernel is reported as
// deadlocked instead of hanging.
// Under AddressSanitizer every switch between stacks is announced with
// __sanitizer_start_switch_fiber / __sanitizer_finish_switch_fiber, so ASan knows which stack is
// live and reports a kernel's out-of-bounds access with the kernel's own source line.
// Paper: none (infrastructure)
#include <sys/mman.h>
#include <ucontext.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <vector>

#include <cuda_runtime.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define SIMCSE_EMULATOR_ASAN 1
#endif

namespace cuda_emulator {
namespace {

// The kernels need a few hundred bytes of stack; ASan's redzones make frames several times larger,
// and its report is printed on the failing fiber's stack. Not more: ASan's swapcontext wrapper
// clears the shadow of the whole target stack at every switch, so its cost grows with the size.
#ifdef SIMCSE_EMULATOR_ASAN
constexpr size_t kStackBytes = 128 * 1024;
#else
constexpr size_t kStackBytes = 64 * 1024;
#endif

enum class State { ready, waiting_for_block, waiting_for_warp, finished };

struct Fiber {
  ucontext_t context;          // never moved once made (it points into itself): fibers live in a deque
  void* stack = nullptr;       // kStackBytes, mapped once and reused by every later launch
  uint3 index{};               // this CUDA thread's threadIdx
  int warp = 0, lane = 0;
  State state = State::finished;
  unsigned shuffles = 0;       // shuffles done in this block: picks the mailbox the next one uses
  void* fake_stack = nullptr;  // ASan's bookkeeping for this stack while the fiber is switched out
};

// The values the lanes of one warp hand in for a shuffle. Two mailboxes used alternately: a lane
// that has read its value and moved on to the next shuffle must not overwrite values that a lane
// later in the round has yet to read. It cannot get two shuffles ahead, since the next barrier
// waits for every lane.
struct Warp {
  int lanes = 0, arrived = 0;
  unsigned char mailbox[2][32][8];
};

struct BlockRun {
  const char* kernel_name = nullptr;
  const std::function<void()>* thread_body = nullptr;
  std::deque<Fiber> fibers;  // grows to the largest block launched so far
  std::vector<Warp> warps;
  int threads = 0, arrived = 0, running = -1;  // running: the fiber executing now, -1 = the scheduler
  ucontext_t scheduler;
  const void* scheduler_stack = nullptr;  // for ASan: the host thread's stack, learnt at the first switch
  size_t scheduler_stack_size = 0;
};

BlockRun run;                           // the block being executed; one at a time
std::mutex launch_mutex;                // the built-in variables and __shared__ arrays are global
cudaError_t last_launch_error = cudaSuccess;

Fiber& running_fiber() {
  if (run.running < 0) kernel_error("a kernel-only function (__syncthreads, a shuffle) was called outside a kernel");
  return run.fibers[static_cast<size_t>(run.running)];
}

// ---- switching stacks (the only two places that call swapcontext) -------------------------------

// Scheduler -> fiber `index`; returns when that fiber waits or finishes.
void resume(int index) {
  Fiber& fiber = run.fibers[static_cast<size_t>(index)];
  run.running = index;
  threadIdx = fiber.index;
#ifdef SIMCSE_EMULATOR_ASAN
  void* scheduler_fake_stack = nullptr;
  __sanitizer_start_switch_fiber(&scheduler_fake_stack, fiber.stack, kStackBytes);
#endif
  swapcontext(&run.scheduler, &fiber.context);
#ifdef SIMCSE_EMULATOR_ASAN
  __sanitizer_finish_switch_fiber(scheduler_fake_stack, nullptr, nullptr);
#endif
  run.running = -1;
}

// Running fiber -> scheduler. A finished fiber tells ASan its stack frames are gone (nullptr).
void yield_to_scheduler([[maybe_unused]] bool finished) {
  Fiber& fiber = running_fiber();
#ifdef SIMCSE_EMULATOR_ASAN
  __sanitizer_start_switch_fiber(finished ? nullptr : &fiber.fake_stack, run.scheduler_stack,
                                 run.scheduler_stack_size);
#endif
  swapcontext(&fiber.context, &run.scheduler);
#ifdef SIMCSE_EMULATOR_ASAN
  __sanitizer_finish_switch_fiber(fiber.fake_stack, &run.scheduler_stack, &run.scheduler_stack_size);
#endif
}

void fiber_main() {
#ifdef SIMCSE_EMULATOR_ASAN
  __sanitizer_finish_switch_fiber(nullptr, &run.scheduler_stack, &run.scheduler_stack_size);
#endif
  (*run.thread_body)();
  running_fiber().state = State::finished;
  yield_to_scheduler(/*finished=*/true);  // never resumed: the next launch makes a fresh context
}

// ---- one block ----------------------------------------------------------------------------------

void grow_fiber_pool(int threads) {
  while (static_cast<int>(run.fibers.size()) < threads) {
    Fiber& fiber = run.fibers.emplace_back();
    fiber.stack =
        mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (fiber.stack == MAP_FAILED) kernel_error("cannot map a fiber stack");
    getcontext(&fiber.context);
  }
}

[[noreturn]] void report_deadlock() {
  int at_block = 0, at_warp = 0, finished = 0;
  for (int t = 0; t < run.threads; ++t) {
    State state = run.fibers[static_cast<size_t>(t)].state;
    at_block += state == State::waiting_for_block;
    at_warp += state == State::waiting_for_warp;
    finished += state == State::finished;
  }
  std::fprintf(stderr,
               "cuda emulator: kernel '%s', block (%u, %u, %u) deadlocked: %d thread(s) wait at __syncthreads, %d at a "
               "warp shuffle, %d finished. Every thread of a block must reach every __syncthreads, and every lane "
               "of a warp every shuffle.\n",
               run.kernel_name, blockIdx.x, blockIdx.y, blockIdx.z, at_block, at_warp, finished);
  std::abort();
}

void run_block(dim3 shape) {
  for (int t = 0; t < run.threads; ++t) {
    Fiber& fiber = run.fibers[static_cast<size_t>(t)];
    const unsigned linear = static_cast<unsigned>(t);
    fiber.index = {linear % shape.x, linear / shape.x % shape.y, linear / (shape.x * shape.y)};
    fiber.warp = t / warpSize;
    fiber.lane = t % warpSize;
    fiber.state = State::ready;
    fiber.shuffles = 0;
    fiber.context.uc_stack.ss_sp = fiber.stack;
    fiber.context.uc_stack.ss_size = kStackBytes;
    fiber.context.uc_link = nullptr;
    makecontext(&fiber.context, fiber_main, 0);
  }
  for (Warp& warp : run.warps) warp.arrived = 0;
  run.arrived = 0;
  for (;;) {
    bool progressed = false, unfinished = false;
    for (int t = 0; t < run.threads; ++t) {
      if (run.fibers[static_cast<size_t>(t)].state == State::ready) {
        resume(t);
        progressed = true;
      }
      unfinished = unfinished || run.fibers[static_cast<size_t>(t)].state != State::finished;
    }
    if (!unfinished) return;
    if (!progressed) report_deadlock();
  }
}

#ifdef SIMCSE_EMULATOR_ASAN
// Appended to an ASan report: which CUDA thread of which kernel made the bad access.
void name_the_cuda_thread(const char*) {
  if (run.running >= 0)
    std::fprintf(stderr,
                 "cuda emulator: the access above was made by kernel '%s', block (%u, %u, %u), thread (%u, %u, %u)\n",
                 run.kernel_name, blockIdx.x, blockIdx.y, blockIdx.z, threadIdx.x, threadIdx.y, threadIdx.z);
}
#endif

bool valid_configuration(dim3 grid, dim3 block) {
  const uint64_t threads = uint64_t{block.x} * block.y * block.z;
  return grid.x >= 1 && grid.y >= 1 && grid.z >= 1 && grid.x <= 2147483647u && grid.y <= 65535 && grid.z <= 65535 &&
         block.x >= 1 && block.y >= 1 && block.z >= 1 && block.x <= 1024 && block.y <= 1024 && block.z <= 64 &&
         threads <= 1024;
}

}  // namespace

void run_grid(const char* kernel_name, dim3 grid, dim3 block, const std::function<void()>& thread_body) {
  if (!valid_configuration(grid, block)) {
    last_launch_error = cudaErrorInvalidConfiguration;
    return;
  }
  std::lock_guard<std::mutex> lock(launch_mutex);
#ifdef SIMCSE_EMULATOR_ASAN
  __asan_set_error_report_callback(name_the_cuda_thread);
#endif
  run.kernel_name = kernel_name;
  run.thread_body = &thread_body;
  run.threads = static_cast<int>(block.x * block.y * block.z);
  grow_fiber_pool(run.threads);
  run.warps.assign(static_cast<size_t>((run.threads + warpSize - 1) / warpSize), Warp{});
  for (size_t w = 0; w < run.warps.size(); ++w)
    run.warps[w].lanes = std::min(warpSize, run.threads - static_cast<int>(w) * warpSize);
  gridDim = grid;
  blockDim = block;
  for (unsigned z = 0; z < grid.z; ++z)
    for (unsigned y = 0; y < grid.y; ++y)
      for (unsigned x = 0; x < grid.x; ++x) {
        blockIdx = {x, y, z};
        run_block(block);
      }
  run.kernel_name = nullptr;
}

void sync_block() {
  Fiber& fiber = running_fiber();
  fiber.state = State::waiting_for_block;
  if (++run.arrived == run.threads) {  // the last thread opens the barrier for all
    run.arrived = 0;
    for (int t = 0; t < run.threads; ++t)
      if (run.fibers[static_cast<size_t>(t)].state == State::waiting_for_block)
        run.fibers[static_cast<size_t>(t)].state = State::ready;
  }
  yield_to_scheduler(/*finished=*/false);
}

void exchange_in_warp(unsigned mask, const void* value, void* result, size_t bytes, int source_lane) {
  Fiber& fiber = running_fiber();
  Warp& warp = run.warps[static_cast<size_t>(fiber.warp)];
  if (mask != 0xffffffffu) kernel_error("warp shuffles are emulated for the full mask 0xffffffff only");
  if (warp.lanes != warpSize) kernel_error("a warp shuffle in a partial warp (make blockDim a multiple of 32)");
  if (bytes > sizeof(warp.mailbox[0][0]) || source_lane < 0 || source_lane >= warpSize)
    kernel_error("a shuffle of more than 8 bytes, or from a lane outside the warp");
  const unsigned box = fiber.shuffles++ % 2;
  std::memcpy(warp.mailbox[box][fiber.lane], value, bytes);
  fiber.state = State::waiting_for_warp;
  if (++warp.arrived == warp.lanes) {  // the last lane opens the barrier for its warp
    warp.arrived = 0;
    for (int lane = 0; lane < warp.lanes; ++lane)
      run.fibers[static_cast<size_t>(fiber.warp * warpSize + lane)].state = State::ready;
  }
  yield_to_scheduler(/*finished=*/false);
  std::memcpy(result, warp.mailbox[box][source_lane], bytes);
}

int lane_id() { return running_fiber().lane; }

void kernel_error(const char* message) {
  if (run.running >= 0) {
    std::fprintf(stderr, "cuda emulator: kernel '%s', block (%u, %u, %u), thread (%u, %u, %u): %s\n", run.kernel_name,
                 blockIdx.x, blockIdx.y, blockIdx.z, threadIdx.x, threadIdx.y, threadIdx.z, message);
  } else {
    std::fprintf(stderr, "cuda emulator: %s\n", message);
  }
  std::abort();
}

}  // namespace cuda_emulator

cudaError_t cudaGetLastError() {
  cudaError_t error = cuda_emulator::last_launch_error;
  cuda_emulator::last_launch_error = cudaSuccess;
  return error;
}
