// N-API addon: OpenBLAS sgemm straight on a caller-owned ArrayBuffer (the
// tfjs wasm heap), so matmuls run natively without copying tensors out of
// wasm memory. Every offset is checked against the buffer before BLAS runs:
// a bad argument must throw, never write outside the heap.
#include <node_api.h>
#include <cblas.h>
#include <cstdint>
#include <cstring>
#include <string>

namespace {

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

// sgemm(heap, batch, m, n, k, transA, transB, aOff, strideA, bOff, strideB,
//       outOff, biasOff, relu)
// out[i] = op(A[i]) * op(B[i]) (+ bias row-broadcast when biasOff >= 0),
// then max(0, .) when relu != 0;
// row-major; offsets in bytes, strides in elements (0 = broadcast one matrix
// to the whole batch). out matrices are packed (stride m * n).
napi_value Sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 14;
  napi_value args[14];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != 14) return Throw(env, "blas.sgemm: expected 14 arguments");
  void* data = nullptr;
  size_t len = 0;
  bool isAb = false;
  napi_is_arraybuffer(env, args[0], &isAb);
  if (!isAb || napi_get_arraybuffer_info(env, args[0], &data, &len) != napi_ok) {
    return Throw(env, "blas.sgemm: argument 'heap' must be an ArrayBuffer");
  }
  static const char* names[] = {"heap", "batch", "m", "n", "k", "transA", "transB",
                                "aOff", "strideA", "bOff", "strideB", "outOff", "biasOff", "relu"};
  int64_t v[14];
  for (int i = 1; i < 14; ++i) {
    if (!GetInt(env, args[i], names[i], &v[i])) return nullptr;
  }
  const int64_t batch = v[1], m = v[2], n = v[3], k = v[4];
  const bool transA = v[5] != 0, transB = v[6] != 0;
  const int64_t aOff = v[7], strideA = v[8], bOff = v[9], strideB = v[10];
  const int64_t outOff = v[11], biasOff = v[12];
  const bool relu = v[13] != 0;
  if (batch < 1 || m < 1 || n < 1 || k < 1 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) {
    return Throw(env, "blas.sgemm: batch, m, n, k must be positive 32-bit sizes");
  }
  if (!InBounds(aOff, batch, strideA, m * k, len) || !InBounds(bOff, batch, strideB, k * n, len) ||
      !InBounds(outOff, batch, m * n, m * n, len) || (biasOff >= 0 && !InBounds(biasOff, 1, 0, n, len))) {
    return Throw(env, "blas.sgemm: an operand lies outside the heap");
  }
  auto* base = static_cast<uint8_t*>(data);
  const auto* a = reinterpret_cast<const float*>(base + aOff);
  const auto* b = reinterpret_cast<const float*>(base + bOff);
  auto* out = reinterpret_cast<float*>(base + outOff);
  const auto* bias = biasOff >= 0 ? reinterpret_cast<const float*>(base + biasOff) : nullptr;
  const int lda = static_cast<int>(transA ? m : k);
  const int ldb = static_cast<int>(transB ? k : n);
  for (int64_t i = 0; i < batch; ++i) {
    float* c = out + i * m * n;
    if (bias != nullptr) {
      for (int64_t r = 0; r < m; ++r) std::memcpy(c + r * n, bias, sizeof(float) * n);
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0f, a + i * strideA, lda,
                b + i * strideB, ldb, bias != nullptr ? 1.0f : 0.0f, c, static_cast<int>(n));
  }
  if (relu) {
    for (int64_t j = 0; j < batch * m * n; ++j) out[j] = out[j] > 0.0f ? out[j] : 0.0f;
  }
  return nullptr;
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr);
  int64_t n;
  if (argc != 1 || !GetInt(env, arg, "threads", &n)) return nullptr;
  if (n < 1 || n > 1024) return Throw(env, "blas.setThreads: threads must be in 1..1024");
  openblas_set_num_threads(static_cast<int>(n));
  return nullptr;
}

napi_value GetThreads(napi_env env, napi_callback_info) {
  napi_value r;
  napi_create_int32(env, openblas_get_num_threads(), &r);
  return r;
}

napi_value Config(napi_env env, napi_callback_info) {
  napi_value r;
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &r);
  return r;
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"sgemm", nullptr, Sgemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"getThreads", nullptr, GetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"config", nullptr, Config, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
