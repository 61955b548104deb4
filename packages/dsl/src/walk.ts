import type { DimNode, DistCall, Expr, Name } from './ast.js';
import { dimNames } from './dims.js';
import type { Definition } from './scope.js';

// Reading a definition's syntax as a whole: every expression and dimension it contains.

/** Every name an expression reads, callees and keyword names excluded. */
export function namesIn(e: Expr, out: Name[] = []): Name[] {
  switch (e.kind) {
    case 'name':
      out.push(e);
      break;
    case 'unary':
      namesIn(e.operand, out);
      break;
    case 'binary':
      namesIn(e.left, out);
      namesIn(e.right, out);
      break;
    case 'if':
      namesIn(e.cond, out);
      namesIn(e.then, out);
      namesIn(e.else, out);
      break;
    case 'call':
      for (const a of e.args) namesIn(a, out);
      for (const k of e.kwargs) namesIn(k.value, out);
      break;
    case 'index':
      namesIn(e.base, out);
      for (const it of e.items) {
        if (it.kind === 'index') namesIn(it.expr, out);
        else if (it.kind === 'slice') for (const b of [it.start, it.stop, it.step]) if (b) namesIn(b, out);
      }
      break;
    case 'array':
      for (const a of e.items) namesIn(a, out);
      break;
  }
  return out;
}

const distExprs = (d: DistCall): Expr[] => [...d.args, ...d.kwargs.map((k) => k.value)];

/** The expressions of a definition: arguments, bounds, observed value, initial rows. */
export function definitionExprs(def: Definition): Expr[] {
  const out: Expr[] = [];
  for (const s of [...def.init, ...(def.stmt ? [def.stmt] : [])]) {
    if (s.kind === 'random') {
      out.push(...distExprs(s.dist));
      if (s.observes) out.push(s.observes);
      for (const b of s.target.type?.bounds ?? []) out.push(b.value);
    } else {
      out.push(s.expr);
    }
  }
  return out;
}

/** The dimensions a definition names: declared shapes, type dims, a recurrence's end. */
export function definitionDims(def: Definition): DimNode[] {
  const out: DimNode[] = [...(def.data?.type.dims ?? [])];
  const s = def.stmt;
  if (s && s.kind !== 'factor') {
    if (s.target.step) out.push(s.target.step.end);
    else out.push(...(s.target.dims ?? []));
    out.push(...(s.target.type?.dims ?? []));
  }
  return out;
}

/** Names a definition reads (its own name, and a recurrence's index inside its step, excluded). */
export function definitionReads(def: Definition): Name[] {
  const names: Name[] = [];
  for (const d of definitionDims(def)) dimNames(d, names);
  const index = def.stmt && def.stmt.kind !== 'factor' ? def.stmt.target.step?.index.name : undefined;
  const stepExprs = new Set<Expr>();
  if (index && def.stmt) {
    const s = def.stmt;
    for (const e of s.kind === 'random' ? distExprs(s.dist) : s.kind === 'define' ? [s.expr] : [])
      stepExprs.add(e);
  }
  for (const e of definitionExprs(def)) {
    for (const n of namesIn(e)) {
      if (n.name === def.name) continue;
      if (stepExprs.has(e) && n.name === index) continue;
      names.push(n);
    }
  }
  return names;
}
