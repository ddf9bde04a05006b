/**
 * Fit of the synthetic-to-real scaling law (Mikami et al. 2022, SPEC §9):
 * e(n) = D·n^(-α) + C. α is the rate, C the transfer gap more data cannot close.
 *
 * For a fixed C the law is linear in log space (log(e-C) = log D - α log n), so
 * a grid over C with least squares for (D, α) gives a global starting point;
 * Levenberg-Marquardt on the original residuals then refines all three.
 */
export interface ScalingPoint {
  n: number;
  error: number;
}

export interface ScalingFit {
  D: number;
  alpha: number;
  C: number;
  /** Root-mean-square residual of the fit, in error units. */
  rmse: number;
  predict(n: number): number;
  /** Predicted drop in error from doubling n: e(n) - e(2n). */
  gainFromDoubling(n: number): number;
}

function sse(points: ScalingPoint[], D: number, alpha: number, C: number): number {
  return points.reduce((s, p) => s + (D * p.n ** -alpha + C - p.error) ** 2, 0);
}

/** Least squares of log(e - C) on log n; null if some e - C <= 0. */
function logLinear(points: ScalingPoint[], C: number): { D: number; alpha: number } | null {
  const xs = points.map((p) => Math.log(p.n));
  const ys: number[] = [];
  for (const p of points) {
    if (p.error - C <= 0) return null;
    ys.push(Math.log(p.error - C));
  }
  const k = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / k;
  const my = ys.reduce((a, b) => a + b, 0) / k;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < k; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { D: Math.exp(my - slope * mx), alpha: -slope };
}

/** Solves the 3×3 system A x = b by Gaussian elimination with partial pivoting. */
function solve3(A: number[][], b: number[]): number[] | null {
  const m = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (Math.abs(m[p][c]) < 1e-300) return null;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < 3; r++) {
      const f = m[r][c] / m[c][c];
      for (let j = c; j < 4; j++) m[r][j] -= f * m[c][j];
    }
  }
  const x = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = m[r][3];
    for (let j = r + 1; j < 3; j++) s -= m[r][j] * x[j];
    x[r] = s / m[r][r];
  }
  return x;
}

function levenbergMarquardt(points: ScalingPoint[], start: [number, number, number], maxC: number): [number, number, number] {
  let [D, alpha, C] = start;
  let current = sse(points, D, alpha, C);
  let lambda = 1e-3;
  for (let iter = 0; iter < 200 && lambda < 1e12; iter++) {
    const JtJ = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    const Jtr = [0, 0, 0];
    for (const p of points) {
      const pow = p.n ** -alpha;
      const r = D * pow + C - p.error;
      const J = [pow, -D * pow * Math.log(p.n), 1];
      for (let i = 0; i < 3; i++) {
        Jtr[i] += J[i] * r;
        for (let j = 0; j < 3; j++) JtJ[i][j] += J[i] * J[j];
      }
    }
    const A = JtJ.map((row, i) => row.map((v, j) => (i === j ? v * (1 + lambda) + 1e-12 : v)));
    const step = solve3(A, Jtr.map((v) => -v));
    if (!step) break;
    const cand: [number, number, number] = [D + step[0], alpha + step[1], Math.min(maxC, Math.max(0, C + step[2]))];
    const candSse = cand[0] > 0 && cand[1] > 0 ? sse(points, ...cand) : Infinity;
    if (candSse < current) {
      const improvement = current - candSse;
      [D, alpha, C] = cand;
      current = candSse;
      lambda /= 3;
      if (improvement < 1e-14 * (1 + current)) break;
    } else {
      lambda *= 3;
    }
  }
  return [D, alpha, C];
}

export function fitScalingLaw(points: ScalingPoint[]): ScalingFit {
  if (points.length < 3) throw new Error(`fitScalingLaw: need at least 3 points (n, error), got ${points.length}`);
  for (const p of points) {
    if (!(p.n > 0) || !Number.isFinite(p.error) || p.error <= 0) {
      throw new Error(`fitScalingLaw: every point needs n > 0 and error > 0, got (${p.n}, ${p.error})`);
    }
  }
  if (new Set(points.map((p) => p.n)).size < 2) throw new Error("fitScalingLaw: need at least 2 distinct n");
  const minError = Math.min(...points.map((p) => p.error));
  let best: [number, number, number] | null = null;
  let bestSse = Infinity;
  const steps = 400;
  for (let i = 0; i < steps; i++) {
    const C = (minError * i) / steps;
    const fit = logLinear(points, C);
    if (!fit) continue;
    const s = sse(points, fit.D, fit.alpha, C);
    if (s < bestSse) {
      bestSse = s;
      best = [fit.D, fit.alpha, C];
    }
  }
  if (!best) throw new Error("fitScalingLaw: no starting point found");
  const [D, alpha, C] = levenbergMarquardt(points, best, minError);
  const predict = (n: number): number => D * n ** -alpha + C;
  return {
    D, alpha, C,
    rmse: Math.sqrt(sse(points, D, alpha, C) / points.length),
    predict,
    gainFromDoubling: (n: number) => predict(n) - predict(2 * n),
  };
}

/**
 * The fit in words, for the CLI and the notebook: the law, C, and the predicted
 * gain from doubling nMax; or, when α <= 0 (error does not fall with n over
 * the measured range), that the law does not describe these points.
 */
export function describeFit(fit: ScalingFit, nMax: number): string {
  const law = `e(n) = ${fit.D.toFixed(3)}·n^(${(-fit.alpha).toFixed(3)}) + ${fit.C.toFixed(3)}`;
  if (fit.alpha <= 0) {
    return `${law}: the error does not fall with n over these points (α = ${fit.alpha.toFixed(3)} ≤ 0), so the law does not describe them; ` +
      `more of the same data is not predicted to help here`;
  }
  return `${law} (transfer gap C = ${fit.C.toFixed(2)} points; doubling n = ${nMax} gains ${fit.gainFromDoubling(nMax).toFixed(2)} points)`;
}
