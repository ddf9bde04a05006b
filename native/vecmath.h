// The addon's arithmetic loops, compiled apart (native/vecmath.cc) with -O3
// -ffast-math -march=native so GCC vectorises them: exp and erf through
// glibc's libmvec (_ZGV*_expf/_erff, a few ulp), row reductions through
// reassociated sums. They test no value for NaN, so NaN and Inf still flow
// through the arithmetic; argument checking stays in blas.cc under strict IEEE
// semantics. Each works on a range the caller chose (rows, or elements).
#pragma once
#include <cstdint>

void VecExp(const float* in, float* out, int64_t n);
void VecErf(const float* in, float* out, int64_t n);
// Exact GELU x·Φ(x) and its backward dx = dy·(Φ(x) + x·φ(x)).
void VecGelu(const float* in, float* out, int64_t n);
void VecGeluGrad(const float* x, const float* dy, float* dx, int64_t n);

// LayerNorm of `rows` rows of x [., cols]: y = xhat·g + b with
// xhat = (x − mean)·rstd, rstd = 1/√(var + eps); keeps xhat and rstd.
void LayerNormRows(const float* x, const float* g, const float* b, float* y, float* xhat, float* rstd, int64_t rows,
                   int64_t cols, float eps);
// dx of those rows: with dxh = dy·g, dx = rstd·(dxh − mean(dxh) − xhat·mean(dxh·xhat)).
void LayerNormGradRows(const float* dy, const float* xhat, const float* rstd, const float* g, float* dx, int64_t rows,
                       int64_t cols);
// Columns [lo, hi) of dg = Σ_rows dy·xhat and db = Σ_rows dy, summed in row order.
void LayerNormParamGrads(const float* dy, const float* xhat, float* dg, float* db, int64_t rows, int64_t cols,
                         int64_t lo, int64_t hi);
// Columns [lo, hi) of out = Σ_rows in, in row order.
void SumRows(const float* in, float* out, int64_t rows, int64_t cols, int64_t lo, int64_t hi);

// Row-wise softmax in place, and its backward in place: d = p·(d − Σ d·p).
void SoftmaxRows(float* p, int64_t rows, int64_t cols);
void SoftmaxGradRows(const float* p, float* d, int64_t rows, int64_t cols);

// AdamW on n floats: m' = b1·m + c1·g, v' = b2·v + c2·g², p' = decay·p − m'/(√v'/sqrtBc2 + eps)·stepSize.
struct AdamWScalars {
  float b1, b2, c1, c2, sqrtBc2, eps, decay, stepSize;
};
void AdamWRange(const float* p, const float* g, const float* m, const float* v, float* pOut, float* mOut, float* vOut,
                int64_t n, const AdamWScalars& s);
