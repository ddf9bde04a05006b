#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace {

// How long a helper spins for the next job before sleeping: long enough to
// span the JS between two kernels of a training step, short enough that an
// idle process does not hold a core.
constexpr auto kSpin = std::chrono::microseconds(1000);

// Fixed so that chunk boundaries, and with them the sgemm block shapes whose
// kernels OpenBLAS picks per shape, never follow the thread count: with
// min(threads, work) chunks, 1 and 2 threads gave different last bits under
// OPENBLAS_CORETYPE=Haswell. 4 measured best of 2, 4 and 8 on 2 cores.
constexpr int64_t kMaxChunks = 4;

struct Pool {
  std::mutex mu;
  std::condition_variable wake;
  // (job generation << 32) | next unclaimed chunk: one CAS claims a chunk of
  // the current job and can never claim one of a later job by mistake.
  std::atomic<uint64_t> ticket{0};
  std::atomic<int64_t> done{0};
  std::atomic<const std::function<void(int64_t, int64_t)>*> fn{nullptr};
  std::atomic<int64_t> n{0}, chunks{0};
  int helpers = 0;                // threads started (they are never stopped)
  std::atomic<int> active{0};     // helpers taking part: ParallelThreads() - 1
};

// Leaked on purpose: helpers outlive static destruction at process exit.
Pool& pool = *new Pool;

inline void Pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

inline uint64_t GenerationOf(uint64_t ticket) { return ticket >> 32; }

// Claims and runs chunks of job `generation` until none is left.
void Work(uint64_t generation) {
  for (;;) {
    uint64_t t = pool.ticket.load(std::memory_order_acquire);
    if (GenerationOf(t) != generation) return;
    const int64_t chunk = static_cast<int64_t>(t & 0xffffffffu);
    const int64_t chunks = pool.chunks.load(std::memory_order_relaxed);
    const int64_t n = pool.n.load(std::memory_order_relaxed);
    const auto* fn = pool.fn.load(std::memory_order_relaxed);
    if (chunk >= chunks) return;
    // Success means job `generation` was still open with this chunk free, so
    // chunks, n and fn read above were its own.
    if (!pool.ticket.compare_exchange_weak(t, t + 1, std::memory_order_acq_rel)) continue;
    (*fn)(n * chunk / chunks, n * (chunk + 1) / chunks);
    pool.done.fetch_add(1, std::memory_order_acq_rel);
  }
}

void Helper(int index) {
  uint64_t seen = 0;
  for (;;) {
    auto start = std::chrono::steady_clock::now();
    uint64_t g = GenerationOf(pool.ticket.load(std::memory_order_acquire));
    for (int i = 1; g == seen || index >= pool.active.load(std::memory_order_relaxed); ++i) {
      seen = g;
      Pause();
      if ((i & 63) == 0 && std::chrono::steady_clock::now() - start > kSpin) {
        std::unique_lock<std::mutex> lock(pool.mu);
        pool.wake.wait(lock, [&] { return GenerationOf(pool.ticket.load(std::memory_order_acquire)) != seen; });
        start = std::chrono::steady_clock::now();
      }
      g = GenerationOf(pool.ticket.load(std::memory_order_acquire));
    }
    seen = g;
    Work(g);
  }
}

}  // namespace

void SetParallelThreads(int threads) {
  const int want = std::max(1, threads) - 1;
  while (pool.helpers < want) std::thread(Helper, pool.helpers++).detach();
  pool.active.store(want, std::memory_order_relaxed);
}

int ParallelThreads() { return pool.active.load(std::memory_order_relaxed) + 1; }

void ParallelFor(int64_t n, int64_t minPerPart, const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  const int64_t byWork = std::max<int64_t>(1, n / std::max<int64_t>(1, minPerPart));
  const int64_t chunks = std::min<int64_t>(kMaxChunks, byWork);
  if (chunks == 1 || ParallelThreads() == 1) {
    for (int64_t c = 0; c < chunks; ++c) fn(n * c / chunks, n * (c + 1) / chunks);
    return;
  }
  pool.fn.store(&fn, std::memory_order_relaxed);
  pool.n.store(n, std::memory_order_relaxed);
  pool.chunks.store(chunks, std::memory_order_relaxed);
  pool.done.store(0, std::memory_order_relaxed);
  const uint64_t generation = GenerationOf(pool.ticket.load(std::memory_order_relaxed)) + 1;
  {
    std::lock_guard<std::mutex> lock(pool.mu);
    pool.ticket.store(generation << 32, std::memory_order_release);
  }
  pool.wake.notify_all();
  Work(generation);
  while (pool.done.load(std::memory_order_acquire) != chunks) Pause();
}

