import { DoplError } from '@dopl/core';
import { leapfrogInto } from './leapfrog.js';
import type { Metric } from './metric.js';
import { copyPhasePoint, createPhasePoint, energy, hamiltonian, type PhasePoint } from './phase-point.js';
import type { RandomSource, Target } from './target.js';
import { mergeAndCheck } from './u-turn.js';
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
 * proposal, the momenta and sharp momenta (p♯ = M⁻¹p) at both ends of both subtrees, the summed
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
  nLeapfrog: number;
  /** @internal */
  sumMetroProb: number;
  /** @internal */
  divergent: boolean;
  /** @internal log of the summed weights of the subtree the last `buildTree` call built */
  subtreeLogWeight: number;
  /**
   * @internal The state the next leapfrog step starts from. Each step writes its new state
   * straight into the proposal slot of the leaf being built (so a leaf needs no copy), and that
   * slot becomes the trajectory's end until the next step.
   */
  end: PhasePoint;
  readonly zFwd: PhasePoint;
  readonly zBck: PhasePoint;
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
  return new Workspace(target, metric, maxTreeDepth, maxDeltaH, levels);
}

/**
 * The workspace as a class rather than an object literal: V8 re-creates a literal from its
 * allocation site on the second call and widens the tracked types of its object fields (target,
 * metric) then, which discards the transition's optimised code at the start of every process's
 * second chain; a constructor keeps one map with stable field types.
 */
class Workspace implements NutsWorkspace {
  readonly dim: number;
  readonly stats: TransitionStats;
  epsilon = Number.NaN;
  nLeapfrog = 0;
  // Fields that hold doubles start as doubles (NaN), never as the small integer 0: V8 would
  // otherwise widen the field's representation on the first fractional value and throw away the
  // optimised code of the transition.
  sumMetroProb = Number.NaN;
  divergent = false;
  subtreeLogWeight = Number.NEGATIVE_INFINITY;
  end: PhasePoint;
  readonly zFwd: PhasePoint;
  readonly zBck: PhasePoint;
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

  constructor(
    readonly target: Target,
    readonly metric: Metric,
    readonly maxTreeDepth: number,
    readonly maxDeltaH: number,
    readonly levels: readonly TreeLevel[],
  ) {
    const dim = target.dim;
    const vec = () => new Float64Array(dim);
    this.dim = dim;
    this.stats = { acceptStat: Number.NaN, nLeapfrog: 0, treeDepth: 0, divergent: false, energy: Number.NaN };
    this.zFwd = createPhasePoint(dim);
    this.end = this.zFwd;
    this.zBck = createPhasePoint(dim);
    this.zPropose = createPhasePoint(dim);
    this.pFwdFwd = vec();
    this.pSharpFwdFwd = vec();
    this.pFwdBck = vec();
    this.pSharpFwdBck = vec();
    this.pBckFwd = vec();
    this.pSharpBckFwd = vec();
    this.pBckBck = vec();
    this.pSharpBckBck = vec();
    this.rho = vec();
    this.rhoFwd = vec();
    this.rhoBck = vec();
    this.velocity = vec();
  }
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
  const { metric, zFwd, zBck, zPropose, rho, rhoFwd, rhoBck } = ws;
  const { pFwdFwd, pSharpFwdFwd, pFwdBck, pSharpFwdBck, pBckFwd, pSharpBckFwd, pBckBck, pSharpBckBck } = ws;
  const n = ws.dim;
  ws.epsilon = epsilon;

  metric.sampleMomentum(rng, state.p);
  copyPhasePoint(state, zFwd);
  copyPhasePoint(state, zBck);
  // `state` itself holds the current sample: it is only overwritten when a subtree's proposal wins.

  // Momenta and sharp momenta at the ends of the forward and backward subtrees; at the start the
  // trajectory is the single initial state, so all coincide.
  const H0 = energy(metric.velocityAndKinetic(state.p, pSharpFwdFwd), state.lp);
  const p0 = state.p;
  for (let i = 0; i < n; i++) {
    const p = p0[i];
    const v = pSharpFwdFwd[i];
    pFwdFwd[i] = p;
    pFwdBck[i] = p;
    pBckFwd[i] = p;
    pBckBck[i] = p;
    rho[i] = p;
    pSharpFwdBck[i] = v;
    pSharpBckFwd[i] = v;
    pSharpBckBck[i] = v;
  }

  // Weights are exp(H0 − H), so the initial state has log weight 0.
  let logSumWeight = 0;
  ws.nLeapfrog = 0;
  ws.sumMetroProb = 0;
  ws.divergent = false;
  let depth = 0;

  while (depth < ws.maxTreeDepth) {
    if (rng.uniform() > 0.5) {
      // Extend forwards: the old trajectory becomes the backward subtree.
      for (let i = 0; i < n; i++) {
        rhoBck[i] = rho[i];
        pBckFwd[i] = pFwdFwd[i];
        pSharpBckFwd[i] = pSharpFwdFwd[i];
      }
      ws.end = zFwd;
      const valid = buildTree(
        ws,
        rng,
        depth,
        zPropose,
        pSharpFwdBck,
        pSharpFwdFwd,
        rhoFwd,
        pFwdBck,
        pFwdFwd,
        H0,
        1,
      );
      if (!valid) break;
      copyPhasePoint(ws.end, zFwd);
    } else {
      // Extend backwards: the old trajectory becomes the forward subtree.
      for (let i = 0; i < n; i++) {
        rhoFwd[i] = rho[i];
        pFwdBck[i] = pBckBck[i];
        pSharpFwdBck[i] = pSharpBckBck[i];
      }
      ws.end = zBck;
      const valid = buildTree(
        ws,
        rng,
        depth,
        zPropose,
        pSharpBckFwd,
        pSharpBckBck,
        rhoBck,
        pBckFwd,
        pBckBck,
        H0,
        -1,
      );
      if (!valid) break;
      copyPhasePoint(ws.end, zBck);
    }
    depth++;

    // Biased progressive sampling: prefer the new subtree.
    const subtreeLogWeight = ws.subtreeLogWeight;
    if (subtreeLogWeight > logSumWeight) {
      copyPhasePoint(zPropose, state);
    } else if (rng.uniform() < Math.exp(subtreeLogWeight - logSumWeight)) {
      copyPhasePoint(zPropose, state);
    }
    logSumWeight = logSumExp(logSumWeight, subtreeLogWeight);

    const persist = mergeAndCheck(
      rhoBck,
      rhoFwd,
      rho,
      pSharpBckBck,
      pSharpFwdFwd,
      pSharpFwdBck,
      pFwdBck,
      pSharpBckFwd,
      pBckFwd,
    );
    if (!persist) break;
  }

  const stats = ws.stats;
  stats.nLeapfrog = ws.nLeapfrog;
  stats.acceptStat = ws.sumMetroProb / ws.nLeapfrog;
  stats.treeDepth = depth;
  stats.divergent = ws.divergent;
  stats.energy = hamiltonian(state, metric);
  return stats;
}

/**
 * Builds a subtree of 2^depth leapfrog steps in direction `sign` from ws.end (left at the
 * subtree's far end). Writes its proposal into `zPropose`, the sharp momenta and momenta at its
 * first and last state into pSharpBeg/pSharpEnd and pBeg/pEnd, its summed momenta into `rho`, and
 * its log weight into ws.subtreeLogWeight. Returns false when the subtree diverged or turned back
 * on itself.
 */
function buildTree(
  ws: NutsWorkspace,
  rng: RandomSource,
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
  if (depth === 0) {
    // The new state goes straight into the proposal slot; the slot is the trajectory's end now.
    // (A depth-0 slot is never the one the step reads from, and no merge writes into it before
    // the next step has read it: merges only write into the slots of depth ≥ 1 subtrees.)
    leapfrogInto(ws.target, ws.metric, ws.end, zPropose, sign * ws.epsilon, ws.velocity);
    ws.end = zPropose;
    ws.nLeapfrog++;
    const h = energy(ws.metric.velocityAndKinetic(zPropose.p, pSharpBeg), zPropose.lp);
    // A store on every step rather than only on a divergence: a store that has never run leaves
    // no type feedback, and the first divergence would throw away the optimised code. (No leaf is
    // built after a divergence, so the flag is false whenever this runs.)
    ws.divergent = h - H0 > ws.maxDeltaH;
    const logWeight = H0 - h;
    ws.subtreeLogWeight = logWeight;
    ws.sumMetroProb += logWeight > 0 ? 1 : Math.exp(logWeight);
    const p = zPropose.p;
    for (let i = 0; i < p.length; i++) {
      const pi = p[i];
      pSharpEnd[i] = pSharpBeg[i];
      rho[i] = pi;
      pBeg[i] = pi;
      pEnd[i] = pi;
    }
    return !ws.divergent;
  }

  const level = ws.levels[depth];
  const validInit = buildTree(
    ws,
    rng,
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
    rng,
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
  } else if (rng.uniform() < Math.exp(logWeightFinal - logWeightSubtree)) {
    copyPhasePoint(level.zProposeFinal, zPropose);
  }

  return mergeAndCheck(
    level.rhoInit,
    level.rhoFinal,
    rho,
    pSharpBeg,
    pSharpEnd,
    level.pSharpFinalBeg,
    level.pFinalBeg,
    level.pSharpInitEnd,
    level.pInitEnd,
  );
}
