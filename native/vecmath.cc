#include "vecmath.h"

#include <algorithm>
#include <cmath>

void VecExp(const float* in, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = std::exp(in[i]);
}

void VecErf(const float* in, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = std::erf(in[i]);
}

// Φ(x) = (1 + erf(x / √2)) / 2, φ(x) = exp(-x²/2) / √(2π).
void VecGelu(const float* in, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = 0.5f * in[i] * (1.0f + std::erf(in[i] * 0.70710678f));
}

void VecGeluGrad(const float* x, const float* dy, float* dx, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float cdf = 0.5f * (1.0f + std::erf(x[i] * 0.70710678f));
    const float pdf = std::exp(-0.5f * x[i] * x[i]) * 0.39894228f;
    dx[i] = dy[i] * (cdf + x[i] * pdf);
  }
}

void LayerNormRows(const float* x, const float* g, const float* b, float* y, float* xhat, float* rstd, int64_t rows,
                   int64_t cols, float eps) {
  const float invCols = 1.0f / static_cast<float>(cols);
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    float sum = 0.0f;
    for (int64_t j = 0; j < cols; ++j) sum += xr[j];
    const float mean = sum * invCols;
    float sq = 0.0f;
    for (int64_t j = 0; j < cols; ++j) sq += (xr[j] - mean) * (xr[j] - mean);
    const float rs = 1.0f / std::sqrt(sq * invCols + eps);
    rstd[r] = rs;
    for (int64_t j = 0; j < cols; ++j) {
      const float h = (xr[j] - mean) * rs;
      xhat[r * cols + j] = h;
      y[r * cols + j] = h * g[j] + b[j];
    }
  }
}

void LayerNormGradRows(const float* dy, const float* xhat, const float* rstd, const float* g, float* dx, int64_t rows,
                       int64_t cols) {
  const float invCols = 1.0f / static_cast<float>(cols);
  for (int64_t r = 0; r < rows; ++r) {
    const float* dyr = dy + r * cols;
    const float* hr = xhat + r * cols;
    float sumDxh = 0.0f, sumDxhH = 0.0f;
    for (int64_t j = 0; j < cols; ++j) {
      const float dxh = dyr[j] * g[j];
      sumDxh += dxh;
      sumDxhH += dxh * hr[j];
    }
    const float a = sumDxh * invCols, c = sumDxhH * invCols;
    for (int64_t j = 0; j < cols; ++j) dx[r * cols + j] = (dyr[j] * g[j] - a - hr[j] * c) * rstd[r];
  }
}

void LayerNormParamGrads(const float* dy, const float* xhat, float* dg, float* db, int64_t rows, int64_t cols,
                         int64_t lo, int64_t hi) {
  std::fill(dg + lo, dg + hi, 0.0f);
  std::fill(db + lo, db + hi, 0.0f);
  for (int64_t r = 0; r < rows; ++r) {
    const float* dyr = dy + r * cols;
    const float* hr = xhat + r * cols;
    for (int64_t j = lo; j < hi; ++j) {
      dg[j] += dyr[j] * hr[j];
      db[j] += dyr[j];
    }
  }
}

void SumRows(const float* in, float* out, int64_t rows, int64_t cols, int64_t lo, int64_t hi) {
  std::copy(in + lo, in + hi, out + lo);
  for (int64_t r = 1; r < rows; ++r) {
    const float* row = in + r * cols;
    for (int64_t j = lo; j < hi; ++j) out[j] += row[j];
  }
}

void SoftmaxRows(float* p, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r) {
    float* row = p + r * cols;
    float mx = row[0];
    for (int64_t j = 1; j < cols; ++j) mx = std::max(mx, row[j]);
    float sum = 0.0f;
    for (int64_t j = 0; j < cols; ++j) {
      row[j] = std::exp(row[j] - mx);
      sum += row[j];
    }
    const float inv = 1.0f / sum;
    for (int64_t j = 0; j < cols; ++j) row[j] *= inv;
  }
}

void SoftmaxGradRows(const float* p, float* d, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* pr = p + r * cols;
    float* dr = d + r * cols;
    float dot = 0.0f;
    for (int64_t j = 0; j < cols; ++j) dot += dr[j] * pr[j];
    for (int64_t j = 0; j < cols; ++j) dr[j] = pr[j] * (dr[j] - dot);
  }
}

void AdamWRange(const float* p, const float* g, const float* m, const float* v, float* pOut, float* mOut, float* vOut,
                int64_t n, const AdamWScalars& s) {
  for (int64_t i = 0; i < n; ++i) {
    const float m1 = m[i] * s.b1 + g[i] * s.c1;
    const float v1 = v[i] * s.b2 + g[i] * g[i] * s.c2;
    pOut[i] = p[i] * s.decay - m1 / (std::sqrt(v1) / s.sqrtBc2 + s.eps) * s.stepSize;
    mOut[i] = m1;
    vOut[i] = v1;
  }
}
