// "Did you mean …?" — the closest known name by edit distance, as compilers suggest it.

/** Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate closest to `name`, if it is close enough to be a likely typo: a case-only
 * difference, or at most a third of the name's letters changed (at least one, for names of three
 * letters or more).
 *
 * ```ts
 * closest('HalfNormall', ['Normal', 'HalfNormal']) === 'HalfNormal';
 * ```
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    // Case differences cost a little, so `halfnormal` finds HalfNormal before anything else.
    const score = c.toLowerCase() === lower ? 0.5 : editDistance(lower, c.toLowerCase());
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  // Short names are too easily one edit from anything: suggest only a case difference for them.
  const limit = name.length < 3 ? 0.5 : Math.max(1, Math.floor(name.length / 3));
  return bestScore <= limit ? best : undefined;
}

/** " (did you mean X?)" or "". */
export const didYouMean = (name: string, candidates: Iterable<string>): string => {
  const c = closest(name, candidates);
  return c === undefined ? '' : ` (did you mean ${c}?)`;
};
