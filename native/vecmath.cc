// Elementwise exp, erf and exact GELU (forward, backward), compiled on their own with -O3 -ffast-math
// -march=native so GCC vectorises the loops through glibc's libmvec
// (_ZGV*_expf/_erff, a few ulp): the rest of the addon keeps strict IEEE
// semantics for its argument checks.
#include <cmath>
#include <cstdint>

void VecExp(const float* in, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = std::exp(in[i]);
}

void VecErf(const float* in, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = std::erf(in[i]);
}

// Exact GELU x·Φ(x) with Φ(x) = (1 + erf(x / √2)) / 2.
void VecGelu(const float* in, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = 0.5f * in[i] * (1.0f + std::erf(in[i] * 0.70710678f));
}

// dx = dy · (Φ(x) + x·φ(x)), φ(x) = exp(-x²/2) / √(2π): the GELU backward.
void VecGeluGrad(const float* x, const float* dy, float* dx, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float cdf = 0.5f * (1.0f + std::erf(x[i] * 0.70710678f));
    const float pdf = std::exp(-0.5f * x[i] * x[i]) * 0.39894228f;
    dx[i] = dy[i] * (cdf + x[i] * pdf);
  }
}
