// N-API addon: OpenBLAS sgemm, N-D transpose and slice, a leading-axes sum,
// exp/erf, and fused ViT kernels (attention, GELU, LayerNorm, AdamW) straight
// on a caller-owned ArrayBuffer (the tfjs wasm heap), so the hot kernels of a
// ViT training step run natively without copying tensors out of wasm memory.
// Each kernel splits its work over native/parallel.h's threads; the arithmetic
// loops live in native/vecmath.cc. Every offset is checked against the buffer
// before any work runs: a bad argument must throw, never write outside the heap.
#include <node_api.h>
#include <cblas.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "parallel.h"
#include "vecmath.h"


namespace {

// Below these sizes a kernel runs on one thread: waking a sleeping helper
// costs about as much as the work.
constexpr int64_t kMinParallelMacs = int64_t{1} << 18;
constexpr int64_t kMinParallelFloats = int64_t{1} << 14;

napi_value Throw(napi_env env, const std::string& msg) {
  napi_throw_error(env, nullptr, msg.c_str());
  return nullptr;
}

bool GetInt(napi_env env, napi_value v, const char* name, int64_t* out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || d != static_cast<double>(static_cast<int64_t>(d))) {
    Throw(env, std::string("blas: argument '") + name + "' must be an integer");
    return false;
  }
  *out = static_cast<int64_t>(d);
  return true;
}

// Bytes [off, off + 4 * ((batch - 1) * stride + extent)) must lie in the heap.
bool InBounds(int64_t off, int64_t batch, int64_t stride, int64_t extent, size_t len) {
  if (off < 0 || stride < 0 || extent < 0 || off % 4 != 0) return false;
  const int64_t last = off + 4 * ((batch - 1) * stride + extent);
  return last <= static_cast<int64_t>(len);
}

// The wasm heap argument: false (with a JS error thrown) unless it is an ArrayBuffer.
bool GetHeap(napi_env env, napi_value v, const std::string& fn, void** data, size_t* len) {
  bool isAb = false;
  napi_is_arraybuffer(env, v, &isAb);
  if (!isAb || napi_get_arraybuffer_info(env, v, data, len) != napi_ok) {
    Throw(env, "blas." + fn + ": argument 'heap' must be an ArrayBuffer");
    return false;
  }
  return true;
}

// Reads `count` integer arguments after the heap, then `nDoubles` plain
// numbers (scalars such as eps or learning rates); false (with a JS error
// thrown) on bad input.
bool GetHeapAndInts(napi_env env, napi_callback_info info, const char* fn, const char* const* names, size_t count,
                    uint8_t** base, size_t* len, int64_t* v, size_t nDoubles = 0, double* d = nullptr) {
  constexpr size_t kMaxArgs = 16;
  size_t argc = kMaxArgs;
  napi_value args[kMaxArgs];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != count + nDoubles + 1) {
    Throw(env, std::string("blas.") + fn + ": expected " + std::to_string(count + nDoubles + 1) + " arguments");
    return false;
  }
  void* data = nullptr;
  if (!GetHeap(env, args[0], fn, &data, len)) return false;
  *base = static_cast<uint8_t*>(data);
  for (size_t i = 0; i < count; ++i) {
    if (!GetInt(env, args[i + 1], names[i], &v[i])) return false;
  }
  for (size_t i = 0; i < nDoubles; ++i) {
    if (napi_get_value_double(env, args[count + 1 + i], &d[i]) != napi_ok) {
      Throw(env, std::string("blas.") + fn + ": scalar arguments must be numbers");
      return false;
    }
  }
  return true;
}

// sgemm(heap, batch, m, n, k, transA, transB, aOff, strideA, bOff, strideB,
//       outOff, biasOff, relu)
// out[i] = op(A[i]) * op(B[i]) (+ bias row-broadcast when biasOff >= 0),
// then max(0, .) when relu != 0;
// row-major; offsets in bytes, strides in elements (0 = broadcast one matrix
// to the whole batch). out matrices are packed (stride m * n).
napi_value Sgemm(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"batch", "m", "n", "k", "transA", "transB",
                                      "aOff", "strideA", "bOff", "strideB", "outOff", "biasOff", "relu"};
  uint8_t* base = nullptr;
  size_t len = 0;
  int64_t v[13];
  if (!GetHeapAndInts(env, info, "sgemm", names, 13, &base, &len, v)) return nullptr;
  const int64_t batch = v[0], m = v[1], n = v[2], k = v[3];
  const bool transA = v[4] != 0, transB = v[5] != 0;
  const int64_t aOff = v[6], strideA = v[7], bOff = v[8], strideB = v[9];
  const int64_t outOff = v[10], biasOff = v[11];
  const bool relu = v[12] != 0;
  if (batch < 1 || m < 1 || n < 1 || k < 1 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) {
    return Throw(env, "blas.sgemm: batch, m, n, k must be positive 32-bit sizes");
  }
  if (!InBounds(aOff, batch, strideA, m * k, len) || !InBounds(bOff, batch, strideB, k * n, len) ||
      !InBounds(outOff, batch, m * n, m * n, len) || (biasOff >= 0 && !InBounds(biasOff, 1, 0, n, len))) {
    return Throw(env, "blas.sgemm: an operand lies outside the heap");
  }
  const auto* a = reinterpret_cast<const float*>(base + aOff);
  const auto* b = reinterpret_cast<const float*>(base + bOff);
  auto* out = reinterpret_cast<float*>(base + outOff);
  const auto* bias = biasOff >= 0 ? reinterpret_cast<const float*>(base + biasOff) : nullptr;
  const int lda = static_cast<int>(transA ? m : k);
  const int ldb = static_cast<int>(transB ? k : n);
  // C[r0:r1, c0:c1] of matrix i; bias and relu applied to that block only.
  auto block = [&](int64_t i, int64_t r0, int64_t r1, int64_t c0, int64_t c1) {
    float* c = out + i * m * n + r0 * n + c0;
    const float* ai = a + i * strideA + (transA ? r0 : r0 * k);
    const float* bi = b + i * strideB + (transB ? c0 * k : c0);
    if (bias != nullptr) {
      for (int64_t r = 0; r < r1 - r0; ++r) std::memcpy(c + r * n, bias + c0, sizeof(float) * (c1 - c0));
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                static_cast<int>(r1 - r0), static_cast<int>(c1 - c0), static_cast<int>(k), 1.0f, ai, lda, bi, ldb,
                bias != nullptr ? 1.0f : 0.0f, c, static_cast<int>(n));
    if (relu) {
      for (int64_t r = 0; r < r1 - r0; ++r) {
        for (int64_t j = 0; j < c1 - c0; ++j) c[r * n + j] = std::max(c[r * n + j], 0.0f);
      }
    }
  };
  // Four or more matrices: split the batch. Fewer: split each matrix along
  // the longer of its row and column ranges, in 16-wide strips (OpenBLAS's
  // register tiles stay whole).
  const int64_t perMatrix = m * n * k;
  if (batch >= 4) {
    ParallelFor(batch, std::max<int64_t>(1, kMinParallelMacs / perMatrix), [&](int64_t lo, int64_t hi) {
      for (int64_t i = lo; i < hi; ++i) block(i, 0, m, 0, n);
    });
    return nullptr;
  }
  const bool byRows = m >= n;
  const int64_t strips = ((byRows ? m : n) + 15) / 16;
  const int64_t minStrips = std::max<int64_t>(1, kMinParallelMacs / (16 * (byRows ? n : m) * k));
  for (int64_t i = 0; i < batch; ++i) {
    ParallelFor(strips, minStrips, [&](int64_t lo, int64_t hi) {
      if (byRows) {
        block(i, lo * 16, std::min(hi * 16, m), 0, n);
      } else {
        block(i, 0, m, lo * 16, std::min(hi * 16, n));
      }
    });
  }
  return nullptr;
}

// idx = the multi-index of flat position o over dims[0..rank) (row-major).
void Unravel(int64_t o, const int64_t* dims, size_t rank, int64_t* idx) {
  for (size_t d = rank; d-- > 0;) {
    idx[d] = o % dims[d];
    o /= dims[d];
  }
}

// Steps the multi-index idx over dims[0..rank) to the next flat position.
void Increment(const int64_t* dims, size_t rank, int64_t* idx) {
  for (size_t d = rank; d-- > 0;) {
    if (++idx[d] < dims[d]) return;
    idx[d] = 0;
  }
}

bool GetIntArray(napi_env env, napi_value v, const char* name, std::vector<int64_t>* out) {
  bool isArray = false;
  uint32_t len = 0;
  if (napi_is_array(env, v, &isArray) != napi_ok || !isArray || napi_get_array_length(env, v, &len) != napi_ok) {
    Throw(env, std::string("blas: argument '") + name + "' must be an array of integers");
    return false;
  }
  out->resize(len);
  for (uint32_t i = 0; i < len; ++i) {
    napi_value e;
    napi_get_element(env, v, i, &e);
    if (!GetInt(env, e, name, &(*out)[i])) return false;
  }
  return true;
}

// The copy kernels' arguments: heap, inOff, outOff, then `count` integer
// arrays; false (with a JS error thrown) on bad input.
bool GetCopyArgs(napi_env env, napi_callback_info info, const char* fn, const char* const* arrayNames, size_t count,
                 uint8_t** base, size_t* len, int64_t* inOff, int64_t* outOff, std::vector<int64_t>* arrays) {
  constexpr size_t kMaxArgs = 8;
  size_t argc = kMaxArgs;
  napi_value args[kMaxArgs];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != count + 3) {
    Throw(env, std::string("blas.") + fn + ": expected " + std::to_string(count + 3) + " arguments");
    return false;
  }
  void* data = nullptr;
  if (!GetHeap(env, args[0], fn, &data, len)) return false;
  *base = static_cast<uint8_t*>(data);
  if (!GetInt(env, args[1], "inOff", inOff) || !GetInt(env, args[2], "outOff", outOff)) return false;
  for (size_t i = 0; i < count; ++i) {
    if (!GetIntArray(env, args[3 + i], arrayNames[i], &arrays[i])) return false;
  }
  return true;
}

// transpose(heap, inOff, outOff, shape, perm): out = x.transpose(perm) for
// 4-byte elements. Size-1 axes are dropped and input axes that stay adjacent
// in the output are merged, so most model transposes become 2-D or 3-D; the
// last two output axes are copied in cache-sized tiles.
napi_value Transpose(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"shape", "perm"};
  uint8_t* base;
  size_t len;
  int64_t inOff, outOff;
  std::vector<int64_t> arrays[2];
  if (!GetCopyArgs(env, info, "transpose", names, 2, &base, &len, &inOff, &outOff, arrays)) return nullptr;
  const std::vector<int64_t>& shape = arrays[0];
  const std::vector<int64_t>& perm = arrays[1];
  const size_t rank = shape.size();
  std::vector<bool> seen(rank, false);
  int64_t total = 1;
  for (size_t i = 0; i < rank; ++i) {
    if (perm.size() != rank || perm[i] < 0 || perm[i] >= static_cast<int64_t>(rank) || seen[perm[i]] || shape[i] < 0) {
      return Throw(env, "blas.transpose: perm must be a permutation of the axes and sizes non-negative");
    }
    seen[perm[i]] = true;
    total *= shape[i];
  }
  if (!InBounds(inOff, 1, 0, total, len) || !InBounds(outOff, 1, 0, total, len)) {
    return Throw(env, "blas.transpose: an operand lies outside the heap");
  }
  if (total == 0) return nullptr;
  // Input strides, then the output axes as (size, input stride), merging runs.
  std::vector<int64_t> inStride(rank, 1);
  for (size_t i = rank; i-- > 1;) inStride[i - 1] = inStride[i] * shape[i];
  std::vector<int64_t> size, stride;
  for (size_t i = 0; i < rank; ++i) {
    const int64_t ax = perm[i];
    if (shape[ax] == 1) continue;
    if (!size.empty() && stride.back() == inStride[ax] * shape[ax]) {
      size.back() *= shape[ax];
      stride.back() = inStride[ax];
    } else {
      size.push_back(shape[ax]);
      stride.push_back(inStride[ax]);
    }
  }
  const auto* in = reinterpret_cast<const uint32_t*>(base + inOff);
  auto* out = reinterpret_cast<uint32_t*>(base + outOff);
  if (size.size() <= 1) {
    std::memcpy(out, in, 4 * total);
    return nullptr;
  }
  const size_t r = size.size();
  const int64_t rows = size[r - 2], cols = size[r - 1], rs = stride[r - 2], cs = stride[r - 1];
  const int64_t outer = total / (rows * cols);
  constexpr int64_t kTile = 32;
  ParallelFor(outer, std::max<int64_t>(1, kMinParallelFloats / (rows * cols)), [&](int64_t lo, int64_t hi) {
    std::vector<int64_t> idx(r - 2);
    Unravel(lo, size.data(), r - 2, idx.data());
    for (int64_t o = lo; o < hi; ++o) {
      int64_t base = 0;
      for (size_t d = 0; d + 2 < r; ++d) base += idx[d] * stride[d];
      const uint32_t* src = in + base;
      uint32_t* dst = out + o * rows * cols;
      if (cs == 1) {
        for (int64_t i = 0; i < rows; ++i) std::memcpy(dst + i * cols, src + i * rs, 4 * cols);
      } else {
        for (int64_t i0 = 0; i0 < rows; i0 += kTile) {
          for (int64_t j0 = 0; j0 < cols; j0 += kTile) {
            const int64_t i1 = std::min(i0 + kTile, rows), j1 = std::min(j0 + kTile, cols);
            for (int64_t i = i0; i < i1; ++i) {
              for (int64_t j = j0; j < j1; ++j) dst[i * cols + j] = src[i * rs + j * cs];
            }
          }
        }
      }
      Increment(size.data(), r - 2, idx.data());
    }
  });
  return nullptr;
}

// slice(heap, inOff, outOff, shape, begin, size): out = x[begin : begin + size]
// for 4-byte elements (wasm's Slice first copies the whole input out of the
// heap, then copies row by row in JS). Trailing axes taken whole are merged,
// so each innermost run is one memcpy.
napi_value Slice(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"shape", "begin", "size"};
  uint8_t* base;
  size_t len;
  int64_t inOff, outOff;
  std::vector<int64_t> arrays[3];
  if (!GetCopyArgs(env, info, "slice", names, 3, &base, &len, &inOff, &outOff, arrays)) return nullptr;
  std::vector<int64_t>& shape = arrays[0];
  std::vector<int64_t>& begin = arrays[1];
  std::vector<int64_t>& size = arrays[2];
  size_t r = shape.size();
  if (r == 0 || begin.size() != r || size.size() != r) return Throw(env, "blas.slice: shape, begin and size must have one equal, non-zero length");
  int64_t total = 1, outTotal = 1;
  for (size_t i = 0; i < r; ++i) {
    if (shape[i] < 1 || begin[i] < 0 || size[i] < 1 || begin[i] + size[i] > shape[i]) {
      return Throw(env, "blas.slice: begin/size outside the shape");
    }
    total *= shape[i];
    outTotal *= size[i];
  }
  if (!InBounds(inOff, 1, 0, total, len) || !InBounds(outOff, 1, 0, outTotal, len)) {
    return Throw(env, "blas.slice: an operand lies outside the heap");
  }
  while (r > 1 && size[r - 1] == shape[r - 1]) {
    shape[r - 2] *= shape[r - 1];
    begin[r - 2] *= shape[r - 1];
    size[r - 2] *= shape[r - 1];
    --r;
  }
  std::vector<int64_t> stride(r, 1);
  for (size_t i = r; i-- > 1;) stride[i - 1] = stride[i] * shape[i];
  const auto* in = reinterpret_cast<const uint32_t*>(base + inOff);
  auto* out = reinterpret_cast<uint32_t*>(base + outOff);
  const int64_t run = size[r - 1], runs = outTotal / run;
  ParallelFor(runs, std::max<int64_t>(1, kMinParallelFloats / run), [&](int64_t lo, int64_t hi) {
    std::vector<int64_t> idx(r - 1);
    Unravel(lo, size.data(), r - 1, idx.data());
    for (int64_t o = lo; o < hi; ++o) {
      int64_t src = begin[r - 1];
      for (size_t d = 0; d + 1 < r; ++d) src += (begin[d] + idx[d]) * stride[d];
      std::memcpy(out + o * run, in + src, 4 * run);
      Increment(size.data(), r - 1, idx.data());
    }
  });
  return nullptr;
}

// sumLeading(heap, inOff, outOff, rows, cols): out[j] = sum_i in[i * cols + j],
// the reduction over leading axes (bias gradients) that wasm does through a
// slow transpose. Accumulates row by row, so the inner loop vectorises.
napi_value SumLeading(napi_env env, napi_callback_info info) {
  static const char* names[] = {"inOff", "outOff", "rows", "cols"};
  uint8_t* base;
  size_t len;
  int64_t v[4];
  if (!GetHeapAndInts(env, info, "sumLeading", names, 4, &base, &len, v)) return nullptr;
  const int64_t rows = v[2], cols = v[3];
  if (rows < 1 || cols < 1 || !InBounds(v[0], 1, 0, rows * cols, len) || !InBounds(v[1], 1, 0, cols, len)) {
    return Throw(env, "blas.sumLeading: bad sizes or an operand outside the heap");
  }
  const auto* in = reinterpret_cast<const float*>(base + v[0]);
  auto* out = reinterpret_cast<float*>(base + v[1]);
  // Columns split across threads: each sum keeps its serial order.
  ParallelFor(cols, std::max<int64_t>(1, kMinParallelFloats / rows), [&](int64_t lo, int64_t hi) {
    SumRows(in, out, rows, cols, lo, hi);
  });
  return nullptr;
}

// unary(heap, inOff, outOff, n, op): op 0 = exp, 1 = erf, 2 = exact GELU x·Φ(x), elementwise.
napi_value Unary(napi_env env, napi_callback_info info) {
  static const char* names[] = {"inOff", "outOff", "n", "op"};
  uint8_t* base;
  size_t len;
  int64_t v[4];
  if (!GetHeapAndInts(env, info, "unary", names, 4, &base, &len, v)) return nullptr;
  const int64_t n = v[2], op = v[3];
  if (n < 0 || op < 0 || op > 2 || !InBounds(v[0], 1, 0, n, len) || !InBounds(v[1], 1, 0, n, len)) {
    return Throw(env, "blas.unary: bad size or op, or an operand outside the heap");
  }
  const auto* in = reinterpret_cast<const float*>(base + v[0]);
  auto* out = reinterpret_cast<float*>(base + v[1]);
  auto* const fn = op == 0 ? VecExp : op == 1 ? VecErf : VecGelu;
  ParallelFor(n, kMinParallelFloats, [&](int64_t lo, int64_t hi) { fn(in + lo, out + lo, hi - lo); });
  return nullptr;
}

// geluGrad(heap, xOff, dyOff, outOff, n): out = dy * GELU'(x), the whole
// exact-GELU backward in one pass (tf ops need 11 kernels for it).
napi_value GeluGrad(napi_env env, napi_callback_info info) {
  static const char* names[] = {"xOff", "dyOff", "outOff", "n"};
  uint8_t* base;
  size_t len;
  int64_t v[4];
  if (!GetHeapAndInts(env, info, "geluGrad", names, 4, &base, &len, v)) return nullptr;
  const int64_t n = v[3];
  if (n < 0 || !InBounds(v[0], 1, 0, n, len) || !InBounds(v[1], 1, 0, n, len) || !InBounds(v[2], 1, 0, n, len)) {
    return Throw(env, "blas.geluGrad: bad size or an operand outside the heap");
  }
  const auto* x = reinterpret_cast<const float*>(base + v[0]);
  const auto* dy = reinterpret_cast<const float*>(base + v[1]);
  auto* dx = reinterpret_cast<float*>(base + v[2]);
  ParallelFor(n, kMinParallelFloats, [&](int64_t lo, int64_t hi) { VecGeluGrad(x + lo, dy + lo, dx + lo, hi - lo); });
  return nullptr;
}

// layerNorm(heap, xOff, gOff, bOff, yOff, xhatOff, rstdOff, rows, cols, eps):
// per row of x [rows, cols]: mean, variance (two passes, as tf.moments),
// rstd = 1 / sqrt(var + eps), xhat = (x - mean) * rstd, y = xhat * g + b.
// xhat and rstd are what the backward needs. One kernel instead of ~11.
napi_value LayerNorm(napi_env env, napi_callback_info info) {
  static const char* names[] = {"xOff", "gOff", "bOff", "yOff", "xhatOff", "rstdOff", "rows", "cols"};
  uint8_t* base;
  size_t len;
  int64_t v[8];
  double eps;
  if (!GetHeapAndInts(env, info, "layerNorm", names, 8, &base, &len, v, 1, &eps)) return nullptr;
  const int64_t rows = v[6], cols = v[7];
  if (rows < 1 || cols < 1 || !InBounds(v[0], 1, 0, rows * cols, len) || !InBounds(v[1], 1, 0, cols, len) ||
      !InBounds(v[2], 1, 0, cols, len) || !InBounds(v[3], 1, 0, rows * cols, len) ||
      !InBounds(v[4], 1, 0, rows * cols, len) || !InBounds(v[5], 1, 0, rows, len)) {
    return Throw(env, "blas.layerNorm: bad sizes or an operand outside the heap");
  }
  const auto* x = reinterpret_cast<const float*>(base + v[0]);
  const auto* g = reinterpret_cast<const float*>(base + v[1]);
  const auto* b = reinterpret_cast<const float*>(base + v[2]);
  auto* y = reinterpret_cast<float*>(base + v[3]);
  auto* xhat = reinterpret_cast<float*>(base + v[4]);
  auto* rstd = reinterpret_cast<float*>(base + v[5]);
  ParallelFor(rows, std::max<int64_t>(1, kMinParallelFloats / cols), [&](int64_t lo, int64_t hi) {
    LayerNormRows(x + lo * cols, g, b, y + lo * cols, xhat + lo * cols, rstd + lo, hi - lo, cols, static_cast<float>(eps));
  });
  return nullptr;
}

// layerNormGrad(heap, dyOff, xhatOff, rstdOff, gOff, dxOff, dgOff, dbOff, rows, cols):
// with dxh = dy * g per row, dx = rstd * (dxh - mean(dxh) - xhat * mean(dxh * xhat));
// dg = sum over rows of dy * xhat, db = sum over rows of dy. One kernel instead of ~14.
napi_value LayerNormGrad(napi_env env, napi_callback_info info) {
  static const char* names[] = {"dyOff", "xhatOff", "rstdOff", "gOff", "dxOff", "dgOff", "dbOff", "rows", "cols"};
  uint8_t* base;
  size_t len;
  int64_t v[9];
  if (!GetHeapAndInts(env, info, "layerNormGrad", names, 9, &base, &len, v)) return nullptr;
  const int64_t rows = v[7], cols = v[8];
  if (rows < 1 || cols < 1 || !InBounds(v[0], 1, 0, rows * cols, len) || !InBounds(v[1], 1, 0, rows * cols, len) ||
      !InBounds(v[2], 1, 0, rows, len) || !InBounds(v[3], 1, 0, cols, len) || !InBounds(v[4], 1, 0, rows * cols, len) ||
      !InBounds(v[5], 1, 0, cols, len) || !InBounds(v[6], 1, 0, cols, len)) {
    return Throw(env, "blas.layerNormGrad: bad sizes or an operand outside the heap");
  }
  const auto* dy = reinterpret_cast<const float*>(base + v[0]);
  const auto* xhat = reinterpret_cast<const float*>(base + v[1]);
  const auto* rstd = reinterpret_cast<const float*>(base + v[2]);
  const auto* g = reinterpret_cast<const float*>(base + v[3]);
  auto* dx = reinterpret_cast<float*>(base + v[4]);
  auto* dg = reinterpret_cast<float*>(base + v[5]);
  auto* db = reinterpret_cast<float*>(base + v[6]);
  ParallelFor(rows, std::max<int64_t>(1, kMinParallelFloats / cols), [&](int64_t lo, int64_t hi) {
    LayerNormGradRows(dy + lo * cols, xhat + lo * cols, rstd + lo, g, dx + lo * cols, hi - lo, cols);
  });
  // dg, db: column sums in row order, split by columns (the same bits on any thread count).
  ParallelFor(cols, std::max<int64_t>(1, kMinParallelFloats / rows), [&](int64_t lo, int64_t hi) {
    LayerNormParamGrads(dy, xhat, dg, db, rows, cols, lo, hi);
  });
  return nullptr;
}

// adamw(heap, pOff, gOff, mOff, vOff, pOutOff, mOutOff, vOutOff, n,
//       beta1, beta2, sqrtBc2, eps, decay, stepSize): one AdamW update of one
// parameter, the same float32 arithmetic as the tf-op version in
// src/train/optim.ts (which takes ~14 kernels per parameter):
// m' = m b1 + g (1 - b1), v' = v b2 + g^2 (1 - b2),
// p' = p decay - m' / (sqrt(v') / sqrtBc2 + eps) * stepSize.
napi_value AdamW(napi_env env, napi_callback_info info) {
  static const char* names[] = {"pOff", "gOff", "mOff", "vOff", "pOutOff", "mOutOff", "vOutOff", "n"};
  uint8_t* base;
  size_t len;
  int64_t v[8];
  double s[6];
  if (!GetHeapAndInts(env, info, "adamw", names, 8, &base, &len, v, 6, s)) return nullptr;
  const int64_t n = v[7];
  bool ok = n >= 0;
  for (int i = 0; i < 7; ++i) ok = ok && InBounds(v[i], 1, 0, n, len);
  if (!ok) return Throw(env, "blas.adamw: bad size or an operand outside the heap");
  const auto* p = reinterpret_cast<const float*>(base + v[0]);
  const auto* g = reinterpret_cast<const float*>(base + v[1]);
  const auto* m = reinterpret_cast<const float*>(base + v[2]);
  const auto* vv = reinterpret_cast<const float*>(base + v[3]);
  auto* pOut = reinterpret_cast<float*>(base + v[4]);
  auto* mOut = reinterpret_cast<float*>(base + v[5]);
  auto* vOut = reinterpret_cast<float*>(base + v[6]);
  const AdamWScalars sc = {static_cast<float>(s[0]),       static_cast<float>(s[1]),
                           static_cast<float>(1.0 - s[0]), static_cast<float>(1.0 - s[1]),
                           static_cast<float>(s[2]),       static_cast<float>(s[3]),
                           static_cast<float>(s[4]),       static_cast<float>(s[5])};
  ParallelFor(n, kMinParallelFloats, [&](int64_t lo, int64_t hi) {
    AdamWRange(p + lo, g + lo, m + lo, vv + lo, pOut + lo, mOut + lo, vOut + lo, hi - lo, sc);
  });
  return nullptr;
}

// Multi-head self-attention on a packed qkv [batch, seq, 3 * dim] (q, k, v
// side by side, head h in columns h * headDim of each; dim = heads * headDim),
// the layout of one qkv linear, so heads are read in place through leading
// dimensions instead of being split and merged by transposes. One (sample,
// head) pair per task: its q, k, v blocks, seq x seq probabilities and output
// block are disjoint from every other pair's.
struct AttentionShape {
  int64_t batch, seq, heads, headDim;
  int64_t dim() const { return heads * headDim; }
  int64_t pairs() const { return batch * heads; }
  // Offset (in floats) of head h's q block of sample b in qkv; k and v follow at + dim, + 2 dim.
  int64_t Q(int64_t pair) const { return (pair / heads) * seq * 3 * dim() + (pair % heads) * headDim; }
  // Offset of the same head's block in a [batch, seq, dim] tensor.
  int64_t O(int64_t pair) const { return (pair / heads) * seq * dim() + (pair % heads) * headDim; }
};

bool GetAttention(napi_env env, napi_callback_info info, const char* fn, const char* const* names, size_t offsets,
                  uint8_t** base, int64_t* v, AttentionShape* shape, float* scale) {
  size_t len = 0;
  double d = 0;
  if (!GetHeapAndInts(env, info, fn, names, offsets + 4, base, &len, v, 1, &d)) return false;
  *shape = {v[offsets], v[offsets + 1], v[offsets + 2], v[offsets + 3]};
  *scale = static_cast<float>(d);
  const AttentionShape& a = *shape;
  bool ok = a.batch >= 1 && a.seq >= 1 && a.heads >= 1 && a.headDim >= 1 && a.seq <= INT32_MAX && 3 * a.dim() <= INT32_MAX;
  // Operand sizes by name: qkv tensors are 3 dim wide, probabilities seq x seq per pair, the rest dim wide.
  for (size_t i = 0; ok && i < offsets; ++i) {
    const std::string name = names[i];
    const int64_t width = name.rfind("qkv", 0) == 0 || name.rfind("dqkv", 0) == 0 ? 3 * a.dim() : a.dim();
    const int64_t count = name == "probsOff" ? a.pairs() * a.seq * a.seq : a.batch * a.seq * width;
    ok = InBounds(v[i], 1, 0, count, len);
  }
  if (!ok) Throw(env, std::string("blas.") + fn + ": bad sizes or an operand outside the heap");
  return ok;
}

// attention(heap, qkvOff, outOff, probsOff, batch, seq, heads, headDim, scale):
// per pair P = softmax(scale · Q Kᵀ) (kept for the backward), out = P V.
napi_value Attention(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"qkvOff", "outOff", "probsOff", "batch", "seq", "heads", "headDim"};
  uint8_t* base;
  int64_t v[7];
  AttentionShape a;
  float scale;
  if (!GetAttention(env, info, "attention", names, 3, &base, v, &a, &scale)) return nullptr;
  const auto* qkv = reinterpret_cast<const float*>(base + v[0]);
  auto* out = reinterpret_cast<float*>(base + v[1]);
  auto* probs = reinterpret_cast<float*>(base + v[2]);
  const int s = static_cast<int>(a.seq), hd = static_cast<int>(a.headDim), d = static_cast<int>(a.dim());
  ParallelFor(a.pairs(), std::max<int64_t>(1, kMinParallelMacs / (2 * a.seq * a.seq * a.headDim)), [&](int64_t lo, int64_t hi) {
    for (int64_t pair = lo; pair < hi; ++pair) {
      const float* q = qkv + a.Q(pair);
      float* p = probs + pair * a.seq * a.seq;
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s, s, hd, scale, q, 3 * d, q + d, 3 * d, 0.0f, p, s);
      SoftmaxRows(p, s, s);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s, hd, s, 1.0f, p, s, q + 2 * d, 3 * d, 0.0f,
                  out + a.O(pair), d);
    }
  });
  return nullptr;
}

// attentionGrad(heap, qkvOff, probsOff, dOutOff, dqkvOff, batch, seq, heads, headDim, scale):
// dV = Pᵀ dO, dP = dO Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)) (softmax backward),
// dQ = scale · dS K, dK = scale · dSᵀ Q, written into dqkv's q, k, v columns.
napi_value AttentionGrad(napi_env env, napi_callback_info info) {
  static const char* const names[] = {"qkvOff", "probsOff", "dOutOff", "dqkvOff", "batch", "seq", "heads", "headDim"};
  uint8_t* base;
  int64_t v[8];
  AttentionShape a;
  float scale;
  if (!GetAttention(env, info, "attentionGrad", names, 4, &base, v, &a, &scale)) return nullptr;
  const auto* qkv = reinterpret_cast<const float*>(base + v[0]);
  const auto* probs = reinterpret_cast<const float*>(base + v[1]);
  const auto* dOut = reinterpret_cast<const float*>(base + v[2]);
  auto* dqkv = reinterpret_cast<float*>(base + v[3]);
  const int s = static_cast<int>(a.seq), hd = static_cast<int>(a.headDim), d = static_cast<int>(a.dim());
  ParallelFor(a.pairs(), std::max<int64_t>(1, kMinParallelMacs / (4 * a.seq * a.seq * a.headDim)), [&](int64_t lo, int64_t hi) {
    std::vector<float> ds(a.seq * a.seq);
    for (int64_t pair = lo; pair < hi; ++pair) {
      const float* q = qkv + a.Q(pair);
      const float* p = probs + pair * a.seq * a.seq;
      const float* dO = dOut + a.O(pair);
      float* dq = dqkv + a.Q(pair);
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, s, hd, s, 1.0f, p, s, dO, d, 0.0f, dq + 2 * d, 3 * d);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s, s, hd, 1.0f, dO, d, q + 2 * d, 3 * d, 0.0f, ds.data(), s);
      SoftmaxGradRows(p, ds.data(), s, s);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s, hd, s, scale, ds.data(), s, q + d, 3 * d, 0.0f, dq, 3 * d);
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, s, hd, s, scale, ds.data(), s, q, 3 * d, 0.0f, dq + d, 3 * d);
    }
  });
  return nullptr;
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr);
  int64_t n;
  if (argc != 1 || !GetInt(env, arg, "threads", &n)) return nullptr;
  if (n < 1 || n > 1024) return Throw(env, "blas.setThreads: threads must be in 1..1024");
  SetParallelThreads(static_cast<int>(n));
  return nullptr;
}

napi_value GetThreads(napi_env env, napi_callback_info) {
  napi_value r;
  napi_create_int32(env, ParallelThreads(), &r);
  return r;
}

napi_value Config(napi_env env, napi_callback_info) {
  napi_value r;
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &r);
  return r;
}

napi_value Init(napi_env env, napi_value exports) {
  // Kernels split work over parallel.h's pool; OpenBLAS stays on the caller's thread.
  openblas_set_num_threads(1);
  const napi_property_descriptor props[] = {
      {"sgemm", nullptr, Sgemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"transpose", nullptr, Transpose, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"slice", nullptr, Slice, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sumLeading", nullptr, SumLeading, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unary", nullptr, Unary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"geluGrad", nullptr, GeluGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNorm", nullptr, LayerNorm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNormGrad", nullptr, LayerNormGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamw", nullptr, AdamW, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attention", nullptr, Attention, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attentionGrad", nullptr, AttentionGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"getThreads", nullptr, GetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"config", nullptr, Config, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
