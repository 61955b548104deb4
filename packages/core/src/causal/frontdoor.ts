import { DoplError } from '../errors.js';
import type { Graph } from '../graph/graph.js';
import { causalDag, checkVariable, type DagOptions, formatPath, openPath, withoutEdgesOutOf } from './dag.js';

export interface FrontdoorCondition {
  /** Pearl's numbering (Causality, Definition 3.3.3). */
  readonly id: 1 | 2 | 3;
  readonly statement: string;
  readonly holds: boolean;
  /** Why it holds, or the path that breaks it. */
  readonly detail: string;
}

export interface FrontdoorResult {
  /** All three conditions hold and the mediators are measured. */
  readonly valid: boolean;
  readonly conditions: readonly [FrontdoorCondition, FrontdoorCondition, FrontdoorCondition];
  readonly message: string;
}

/**
 * Pearl's front-door criterion for the effect of `x` on `y` through mediators `m`: (1) m
 * intercepts every directed path from x to y; (2) no backdoor path from x to m is open; (3) x
 * blocks every backdoor path from m to y. Each condition is reported with its reason.
 *
 * ```ts
 * // u → x → m → y, u → y, u latent
 * frontdoorCheck(g, 'x', 'y', 'm', { latent: ['u'] }).valid;   // true
 * ```
 */
export function frontdoorCheck(
  graph: Graph,
  x: string,
  y: string,
  m: string | readonly string[],
  options: DagOptions = {},
): FrontdoorResult {
  const ms = typeof m === 'string' ? [m] : [...m];
  checkVariable(graph, x, 'front door: treatment');
  checkVariable(graph, y, 'front door: outcome');
  for (const n of ms) {
    checkVariable(graph, n, 'front door: mediator');
    if (n === x || n === y)
      throw new DoplError(`front door: '${n}' cannot be both a mediator and the treatment or outcome`, {
        node: n,
      });
  }
  const dag = causalDag(graph, options);
  const mSet = new Set(ms);
  const none = new Set<string>();

  const directed = openPath(dag, x, new Set([y]), none, { directed: true, avoid: mSet });
  const backdoorXM = openPath(withoutEdgesOutOf(dag, [x]), x, mSet, none);
  const openMY = ms
    .map((n) => openPath(withoutEdgesOutOf(dag, ms), n, new Set([y]), new Set([x]), { avoid: mSet }))
    .find((p) => p !== undefined);
  const mNames = ms.join(', ');
  const conditions: FrontdoorResult['conditions'] = [
    {
      id: 1,
      statement: `{${mNames}} intercepts every directed path from ${x} to ${y}`,
      holds: directed === undefined,
      detail: directed
        ? `the directed path ${formatPath(directed)} avoids {${mNames}}`
        : 'no directed path avoids it',
    },
    {
      id: 2,
      statement: `no backdoor path from ${x} to {${mNames}} is open`,
      holds: backdoorXM === undefined,
      detail: backdoorXM ? `${formatPath(backdoorXM)} is open` : 'every such path is blocked by a collider',
    },
    {
      id: 3,
      statement: `${x} blocks every backdoor path from {${mNames}} to ${y}`,
      holds: openMY === undefined,
      detail: openMY ? `${formatPath(openMY)} stays open given ${x}` : `conditioning on ${x} blocks them all`,
    },
  ];
  const hidden = [x, y, ...ms].filter((n) => dag.latent.has(n));
  const failed = conditions.filter((c) => !c.holds);
  const valid = failed.length === 0 && hidden.length === 0;
  const message = valid
    ? `the front-door criterion holds for ${x} → {${mNames}} → ${y}`
    : `the front-door criterion fails: ${[
        ...hidden.map((n) => `'${n}' is latent and cannot be measured`),
        ...failed.map((c) => `(${c.id}) ${c.detail}`),
      ].join('; ')}`;
  return { valid, conditions, message };
}
