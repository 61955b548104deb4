// Hand-written log-density + gradient functions over Float64Array: the yardstick the compiled
// backend is measured against. Unconstrained coordinates as in the compiled models' layouts.

const HALF_LOG_2PI = 0.9189385332046728;

/** Eight schools non-centered: theta = [mu, log tau, z_1..z_J]. */
export function eightSchoolsHandwritten(y: ArrayLike<number>, sigma: ArrayLike<number>) {
  const J = y.length;
  const logSigma = Array.from(sigma, Math.log);
  return (theta: Float64Array, grad: Float64Array): number => {
    const mu = theta[0];
    const u = theta[1];
    const tau = Math.exp(u);
    // mu ~ N(0, 5); tau ~ HalfCauchy(5) with log-Jacobian u
    let lp = -0.5 * (mu / 5) * (mu / 5) - Math.log(5) - HALF_LOG_2PI;
    const r = tau / 5;
    lp += Math.log(2 / Math.PI) - Math.log(5) - Math.log1p(r * r) + u;
    let gmu = -mu / 25;
    let gtau = (-2 * r) / (5 * (1 + r * r));
    for (let j = 0; j < J; j++) {
      const z = theta[2 + j];
      const s = sigma[j];
      const e = (y[j] - mu - tau * z) / s;
      lp += -0.5 * z * z - HALF_LOG_2PI - 0.5 * e * e - logSigma[j] - HALF_LOG_2PI;
      const ge = e / s;
      gmu += ge;
      gtau += ge * z;
      grad[2 + j] = -z + ge * tau;
    }
    grad[0] = gmu;
    grad[1] = gtau * tau + 1;
    return lp;
  };
}

/** Logistic regression: theta = [alpha, beta_1..beta_D]; X row-major N×D. */
export function logisticHandwritten(X: Float64Array, y: Float64Array, N: number, D: number) {
  const resid = new Float64Array(N);
  return (theta: Float64Array, grad: Float64Array): number => {
    const alpha = theta[0];
    let lp = -0.5 * (alpha / 5) * (alpha / 5) - Math.log(5) - HALF_LOG_2PI;
    grad[0] = -alpha / 25;
    for (let d = 0; d < D; d++) {
      const b = theta[1 + d];
      lp += -0.5 * (b / 2) * (b / 2) - Math.log(2) - HALF_LOG_2PI;
      grad[1 + d] = -b / 4;
    }
    for (let n = 0; n < N; n++) {
      let eta = alpha;
      const row = n * D;
      for (let d = 0; d < D; d++) eta += X[row + d] * theta[1 + d];
      // log p(y | eta) = y·eta − log(1 + e^eta), stably
      const l1pe = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      lp += y[n] * eta - l1pe;
      const p = eta > 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
      resid[n] = y[n] - p;
    }
    for (let n = 0; n < N; n++) {
      const r = resid[n];
      grad[0] += r;
      const row = n * D;
      for (let d = 0; d < D; d++) grad[1 + d] += r * X[row + d];
    }
    return lp;
  };
}
