// Elementwise exp and erf, compiled on their own with -O3 -ffast-math
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
