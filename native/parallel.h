// A tiny fork-join pool for the addon's kernels. OpenBLAS's own threads cost
// more to wake (0.5-3 ms measured per sgemm on this machine) than the
// cpu-preset products take (0.2-0.7 ms), so the addon runs OpenBLAS
// single-threaded and splits each kernel itself over helpers that spin
// briefly between kernels and sleep when idle.
#pragma once
#include <cstdint>
#include <functional>

// Threads used by ParallelFor, this one included (1 = run inline).
void SetParallelThreads(int threads);
int ParallelThreads();

// Runs fn(begin, end) over contiguous chunks covering [0, n), none shorter
// than minPerPart (except a lone chunk), at most kMaxChunks. The chunks
// depend on n and minPerPart only, never on the thread count or on which
// thread runs which chunk, so results are the same bits on any thread count.
// Threads claim chunks as they come: a helper that is late (asleep, or its
// core busy) leaves its share to this thread instead of stalling it.
// fn must not throw.
void ParallelFor(int64_t n, int64_t minPerPart, const std::function<void(int64_t, int64_t)>& fn);
