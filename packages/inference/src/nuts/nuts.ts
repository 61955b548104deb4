import { DoplError } from '@dopl/core';
import { leapfrog } from './leapfrog.js';
import type { Metric } from './metric.js';
import { copyPhasePoint, createPhasePoint, hamiltonian, type PhasePoint } from './phase-point.js';
import type { RandomSource, Target } from './target.js';
import { logSumExp } from './vector-math.js';

/** What one transition reports (Stan's sampler parameters). */
export interface TransitionStats {
  /** Mean Metropolis acceptance probability over every state of the trajectory (Stan's accept_stat__). */
  acceptStat: number;
  /** Leapfrog steps taken, i.e. gradient evaluations (n_leapfrog__). */
  nLeapfrog: number;
  /** Number of trajectory doublings that were kept (treedepth__). */
  treeDepth: number;
  /** Whether the energy error H − H0 exceeded the divergence threshold (divergent__). */
  divergent: boolean;
  /** Hamiltonian at the selected state (energy__). */
  energy: number;
}

export interface NutsOptions {
  /** Maximum number of doublings (Stan's max_depth), default 10. */
  readonly maxTreeDepth?: number;
  /** A leapfrog step with H − H0 above this is a divergence (Stan's max_deltaH), default 1000. */
  readonly maxDeltaH?: number;
}

/** Scratch of one `buildTree` recursion level: the locals of Stan's `build_tree` at that depth. */
interface TreeLevel {
  readonly pInitEnd: Float64Array;
  readonly pSharpInitEnd: Float64Array;
  readonly rhoInit: Float64Array;
  readonly zProposeFinal: PhasePoint;
  readonly pFinalBeg: Float64Array;
  readonly pSharpFinalBeg: Float64Array;
  readonly rhoFinal: Float64Array;
}

/**
 * Everything a NUTS transition touches, preallocated once per chain: the trajectory ends, the
 * proposals, the momenta and sharp momenta (p♯ = M⁻¹p) at both ends of both subtrees, the summed
 * momenta ρ, and one {@link TreeLevel} per depth. `nutsTransition` allocates nothing.
 */
export interface NutsWorkspace {
  readonly target: Target;
  readonly metric: Metric;
  readonly dim: number;
  readonly maxTreeDepth: number;
  readonly maxDeltaH: number;
  readonly stats: TransitionStats;
  /** @internal per-transition values read by the recursion */
  epsilon: number;
  /** @internal */
  rng: RandomSource;
  /** @internal */
  nLeapfrog: number;
  /** @internal */
  sumMetroProb: number;
  /** @internal */
  divergent: boolean;
  /** @internal log of the summed weights of the subtree the last `buildTree` call built */
  subtreeLogWeight: number;
  readonly z: PhasePoint;
  readonly zFwd: PhasePoint;
  readonly zBck: PhasePoint;
  readonly zSample: PhasePoint;
  readonly zPropose: PhasePoint;
  readonly pFwdFwd: Float64Array;
  readonly pSharpFwdFwd: Float64Array;
  readonly pFwdBck: Float64Array;
  readonly pSharpFwdBck: Float64Array;
  readonly pBckFwd: Float64Array;
  readonly pSharpBckFwd: Float64Array;
  readonly pBckBck: Float64Array;
  readonly pSharpBckBck: Float64Array;
  readonly rho: Float64Array;
  readonly rhoFwd: Float64Array;
  readonly rhoBck: Float64Array;
  readonly velocity: Float64Array;
  readonly levels: readonly TreeLevel[];
}

const NO_RNG: RandomSource = {
  uniform: () => Number.NaN,
  normal: () => Number.NaN,
};

export function createNutsWorkspace(
  target: Target,
  metric: Metric,
  options: NutsOptions = {},
): NutsWorkspace {
  const dim = target.dim;
  const maxTreeDepth = options.maxTreeDepth ?? 10;
  const maxDeltaH = options.maxDeltaH ?? 1000;
  if (!Number.isSafeInteger(maxTreeDepth) || maxTreeDepth < 1) {
    throw new DoplError(`maxTreeDepth must be a positive integer, got ${maxTreeDepth}`);
  }
  if (!(maxDeltaH > 0)) throw new DoplError(`maxDeltaH must be positive, got ${maxDeltaH}`);
  if (metric.dim !== dim) throw new DoplError(`metric has dimension ${metric.dim}, target has ${dim}`);
  const vec = () => new Float64Array(dim);
  const levels: TreeLevel[] = [];
  // The transition builds subtrees of depth 0 … maxTreeDepth − 1; level d holds the locals of a
  // depth-d call (level 0, the leapfrog leaf, needs none but keeps the indexing simple).
  for (let d = 0; d < maxTreeDepth; d++) {
    levels.push({
      pInitEnd: vec(),
      pSharpInitEnd: vec(),
      rhoInit: vec(),
      zProposeFinal: createPhasePoint(dim),
      pFinalBeg: vec(),
      pSharpFinalBeg: vec(),
      rhoFinal: vec(),
    });
  }
  return {
    target,
    metric,
    dim,
    maxTreeDepth,
    maxDeltaH,
    stats: { acceptStat: 0, nLeapfrog: 0, treeDepth: 0, divergent: false, energy: 0 },
    epsilon: Number.NaN,
    rng: NO_RNG,
    nLeapfrog: 0,
    sumMetroProb: 0,
    divergent: false,
    subtreeLogWeight: Number.NEGATIVE_INFINITY,
    z: createPhasePoint(dim),
    zFwd: createPhasePoint(dim),
    zBck: createPhasePoint(dim),
    zSample: createPhasePoint(dim),
    zPropose: createPhasePoint(dim),
    pFwdFwd: vec(),
    pSharpFwdFwd: vec(),
    pFwdBck: vec(),
    pSharpFwdBck: vec(),
    pBckFwd: vec(),
    pSharpBckFwd: vec(),
    pBckBck: vec(),
    pSharpBckBck: vec(),
    rho: vec(),
    rhoFwd: vec(),
    rhoBck: vec(),
    velocity: vec(),
    levels,
  };
}

/**
 * One transition of the No-U-Turn sampler as Stan implements it (Betancourt 2017, "A conceptual
 * introduction to Hamiltonian Monte Carlo", appendix A): the trajectory doubles in a random
 * direction; the new subtree replaces the current sample with probability min(1, w_new / w_old)
 * (biased progressive sampling) while states within a subtree are drawn multinomially; doubling
 * stops at a U-turn by the generalised criterion p♯·ρ > 0 at both ends — checked over the merged
 * trajectory and, as in Stan ≥ 2.26, across the two halves extended by one state each — at a
 * divergence, or at the maximum depth.
 *
 * `state` must hold a position with its log density and gradient (its momentum is ignored); it
 * is overwritten with the new state, momentum included. The returned statistics are the
 * workspace's own object, overwritten by the next transition. Allocates nothing.
 */
export function nutsTransition(
  ws: NutsWorkspace,
  state: PhasePoint,
  epsilon: number,
  rng: RandomSource,
): TransitionStats {
  const { metric, z } = ws;
  ws.epsilon = epsilon;
  ws.rng = rng;

  metric.sampleMomentum(rng, state.p);
  copyPhasePoint(state, z);
  copyPhasePoint(z, ws.zFwd);
  copyPhasePoint(z, ws.zBck);
  copyPhasePoint(z, ws.zSample);
  copyPhasePoint(z, ws.zPropose);

  // Momenta and sharp momenta at the ends of the forward and backward subtrees; at the start the
  // trajectory is the single initial state, so all coincide.
  ws.pFwdFwd.set(z.p);
  metric.velocity(z.p, ws.pSharpFwdFwd);
  ws.pFwdBck.set(z.p);
  ws.pSharpFwdBck.set(ws.pSharpFwdFwd);
  ws.pBckFwd.set(z.p);
  ws.pSharpBckFwd.set(ws.pSharpFwdFwd);
  ws.pBckBck.set(z.p);
  ws.pSharpBckBck.set(ws.pSharpFwdFwd);
  ws.rho.set(z.p);

  // Weights are exp(H0 − H), so the initial state has log weight 0.
  let logSumWeight = 0;
  const H0 = hamiltonian(z, metric);
  ws.nLeapfrog = 0;
  ws.sumMetroProb = 0;
  ws.divergent = false;
  let depth = 0;

  while (depth < ws.maxTreeDepth) {
    let validSubtree: boolean;
    if (rng.uniform() > 0.5) {
      // Extend forwards: the old trajectory becomes the backward subtree.
      copyPhasePoint(ws.zFwd, z);
      ws.rhoBck.set(ws.rho);
      ws.pBckFwd.set(ws.pFwdFwd);
      ws.pSharpBckFwd.set(ws.pSharpFwdFwd);
      validSubtree = buildTree(
        ws,
        depth,
        ws.zPropose,
        ws.pSharpFwdBck,
        ws.pSharpFwdFwd,
        ws.rhoFwd,
        ws.pFwdBck,
        ws.pFwdFwd,
        H0,
        1,
      );
      copyPhasePoint(z, ws.zFwd);
    } else {
      // Extend backwards: the old trajectory becomes the forward subtree.
      copyPhasePoint(ws.zBck, z);
      ws.rhoFwd.set(ws.rho);
      ws.pFwdBck.set(ws.pBckBck);
      ws.pSharpFwdBck.set(ws.pSharpBckBck);
      validSubtree = buildTree(
        ws,
        depth,
        ws.zPropose,
        ws.pSharpBckFwd,
        ws.pSharpBckBck,
        ws.rhoBck,
        ws.pBckFwd,
        ws.pBckBck,
        H0,
        -1,
      );
      copyPhasePoint(z, ws.zBck);
    }
    if (!validSubtree) break;
    depth++;

    // Biased progressive sampling: prefer the new subtree.
    const subtreeLogWeight = ws.subtreeLogWeight;
    if (subtreeLogWeight > logSumWeight) {
      copyPhasePoint(ws.zPropose, ws.zSample);
    } else if (rng.uniform() < Math.exp(subtreeLogWeight - logSumWeight)) {
      copyPhasePoint(ws.zPropose, ws.zSample);
    }
    logSumWeight = logSumExp(logSumWeight, subtreeLogWeight);

    const rho = ws.rho;
    for (let i = 0; i < rho.length; i++) rho[i] = ws.rhoBck[i] + ws.rhoFwd[i];
    const persist =
      noUTurn(ws.pSharpBckBck, ws.pSharpFwdFwd, rho) &&
      noUTurnSum(ws.pSharpBckBck, ws.pSharpFwdBck, ws.rhoBck, ws.pFwdBck) &&
      noUTurnSum(ws.pSharpBckFwd, ws.pSharpFwdFwd, ws.rhoFwd, ws.pBckFwd);
    if (!persist) break;
  }

  copyPhasePoint(ws.zSample, state);
  const stats = ws.stats;
  stats.nLeapfrog = ws.nLeapfrog;
  stats.acceptStat = ws.sumMetroProb / ws.nLeapfrog;
  stats.treeDepth = depth;
  stats.divergent = ws.divergent;
  stats.energy = hamiltonian(state, metric);
  ws.rng = NO_RNG;
  return stats;
}

/**
 * Builds a subtree of 2^depth leapfrog steps in direction `sign` from ws.z (left at the subtree's
 * far end). Writes its proposal into `zPropose`, the sharp momenta and momenta at its first and last
 * state into pSharpBeg/pSharpEnd and pBeg/pEnd, its summed momenta into `rho`, and its log weight
 * into ws.subtreeLogWeight. Returns false when the subtree diverged or turned back on itself.
 */
function buildTree(
  ws: NutsWorkspace,
  depth: number,
  zPropose: PhasePoint,
  pSharpBeg: Float64Array,
  pSharpEnd: Float64Array,
  rho: Float64Array,
  pBeg: Float64Array,
  pEnd: Float64Array,
  H0: number,
  sign: number,
): boolean {
  const z = ws.z;
  if (depth === 0) {
    leapfrog(ws.target, ws.metric, z, sign * ws.epsilon, ws.velocity);
    ws.nLeapfrog++;
    const h = hamiltonian(z, ws.metric);
    if (h - H0 > ws.maxDeltaH) ws.divergent = true;
    const logWeight = H0 - h;
    ws.subtreeLogWeight = logWeight;
    ws.sumMetroProb += logWeight > 0 ? 1 : Math.exp(logWeight);
    copyPhasePoint(z, zPropose);
    ws.metric.velocity(z.p, pSharpBeg);
    pSharpEnd.set(pSharpBeg);
    rho.set(z.p);
    pBeg.set(z.p);
    pEnd.set(z.p);
    return !ws.divergent;
  }

  const level = ws.levels[depth];
  const validInit = buildTree(
    ws,
    depth - 1,
    zPropose,
    pSharpBeg,
    level.pSharpInitEnd,
    level.rhoInit,
    pBeg,
    level.pInitEnd,
    H0,
    sign,
  );
  if (!validInit) return false;
  const logWeightInit = ws.subtreeLogWeight;

  const validFinal = buildTree(
    ws,
    depth - 1,
    level.zProposeFinal,
    level.pSharpFinalBeg,
    pSharpEnd,
    level.rhoFinal,
    level.pFinalBeg,
    pEnd,
    H0,
    sign,
  );
  if (!validFinal) return false;
  const logWeightFinal = ws.subtreeLogWeight;

  // Multinomial sampling between the two halves.
  const logWeightSubtree = logSumExp(logWeightInit, logWeightFinal);
  ws.subtreeLogWeight = logWeightSubtree;
  if (logWeightFinal > logWeightSubtree) {
    copyPhasePoint(level.zProposeFinal, zPropose);
  } else if (ws.rng.uniform() < Math.exp(logWeightFinal - logWeightSubtree)) {
    copyPhasePoint(level.zProposeFinal, zPropose);
  }

  const { rhoInit, rhoFinal } = level;
  for (let i = 0; i < rho.length; i++) rho[i] = rhoInit[i] + rhoFinal[i];
  return (
    noUTurn(pSharpBeg, pSharpEnd, rho) &&
    noUTurnSum(pSharpBeg, level.pSharpFinalBeg, rhoInit, level.pFinalBeg) &&
    noUTurnSum(level.pSharpInitEnd, pSharpEnd, rhoFinal, level.pInitEnd)
  );
}

/** The generalised no-U-turn criterion (Betancourt 2013): p♯₋·ρ > 0 and p♯₊·ρ > 0. */
export function noUTurn(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
  let plus = 0;
  let minus = 0;
  for (let i = 0; i < rho.length; i++) {
    plus += pSharpPlus[i] * rho[i];
    minus += pSharpMinus[i] * rho[i];
  }
  return plus > 0 && minus > 0;
}

/** {@link noUTurn} with ρ = rhoA + rhoB, without materialising the sum. */
function noUTurnSum(
  pSharpMinus: Float64Array,
  pSharpPlus: Float64Array,
  rhoA: Float64Array,
  rhoB: Float64Array,
): boolean {
  let plus = 0;
  let minus = 0;
  for (let i = 0; i < rhoA.length; i++) {
    const r = rhoA[i] + rhoB[i];
    plus += pSharpPlus[i] * r;
    minus += pSharpMinus[i] * r;
  }
  return plus > 0 && minus > 0;
}
