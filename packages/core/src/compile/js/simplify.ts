import { runtime } from './runtime.js';

/**
 * A peephole pass over generated code. Op templates are written for any argument (a data array,
 * a parameter, a literal), so with literal arguments they leave work that needs no run time:
 * `Math.log(5)`, `1 / (5 * 5)`, `5 > 0 ? … : -Infinity`, `(x - 0) * 1`, index arithmetic such as
 * `(0 * 2 + j) * 1 + 0`, and per-element values a reverse loop recomputes but never reads. This
 * pass folds literal-only subexpressions (evaluated here with the same functions the generated
 * code would call, so the numbers are bit for bit those of the unfolded code), decides tests on
 * data arrays that every element passes alike (`sigma[i] > 0`), drops the identities `x - 0`,
 * `x * 1`, `x / 1` and `x + 0` (exact up to the sign of a zero), turns one-term accumulators into
 * assignments, and deletes unused pure `const` definitions. A line it cannot parse is left exactly
 * as it is.
 */

type Node =
  | { k: 'num'; v: number }
  | { k: 'id'; name: string }
  | { k: 'member'; obj: Node; prop: string }
  | { k: 'index'; obj: Node; index: Node }
  | { k: 'call'; callee: Node; args: Node[] }
  | { k: 'unary'; op: string; arg: Node }
  | { k: 'binary'; op: string; left: Node; right: Node }
  | { k: 'cond'; test: Node; cons: Node; alt: Node };

const PUNCT = [
  '===',
  '!==',
  '&&',
  '||',
  '<=',
  '>=',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '?',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '<',
  '>',
];

function tokenize(src: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ') {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      out.push(num[0]);
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_$][\w$]*/.exec(src.slice(i));
    if (id) {
      out.push(id[0]);
      i += id[0].length;
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    // `**`, `=`, `==` and the like are left alone: the caller keeps such a line as it is.
    if (!p) return undefined;
    if (p.length === 1 && '*<>!'.includes(p) && '*<>='.includes(src[i + 1] ?? ' ')) return undefined;
    out.push(p);
    i += p.length;
  }
  return out;
}

const BINARY: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '===': 3,
  '!==': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};
const UNARY_PREC = 7;

/** Parses one expression (precedence climbing); undefined when the text is outside the subset. */
export function parse(src: string, consts?: ReadonlyMap<string, number>): Node | undefined {
  const toks = tokenize(src);
  if (!toks) return undefined;
  let pos = 0;
  const peek = () => toks[pos];
  const take = (t?: string) => {
    const v = toks[pos];
    if (t !== undefined && v !== t) throw new Error('syntax');
    pos++;
    return v;
  };
  const primary = (): Node => {
    const t = take();
    if (t === undefined) throw new Error('syntax');
    let n: Node;
    if (t === '(') {
      n = expr(0);
      take(')');
    } else if (/^[\d.]/.test(t)) n = { k: 'num', v: Number(t) };
    else if (t === 'Infinity') n = { k: 'num', v: Number.POSITIVE_INFINITY };
    else if (t === 'NaN') n = { k: 'num', v: Number.NaN };
    else if (/^[A-Za-z_$]/.test(t)) {
      const c = consts?.get(t);
      n = c === undefined ? { k: 'id', name: t } : { k: 'num', v: c };
    } else if (t === '-' || t === '+' || t === '!') return { k: 'unary', op: t, arg: unary() };
    else throw new Error('syntax');
    for (;;) {
      if (peek() === '.') {
        take();
        const prop = take();
        if (!/^[A-Za-z_$]/.test(prop ?? '')) throw new Error('syntax');
        n = { k: 'member', obj: n, prop };
      } else if (peek() === '[') {
        take();
        n = { k: 'index', obj: n, index: expr(0) };
        take(']');
      } else if (peek() === '(') {
        take();
        const args: Node[] = [];
        while (peek() !== ')') {
          args.push(expr(0));
          if (peek() === ',') take();
          else if (peek() !== ')') throw new Error('syntax');
        }
        take(')');
        n = { k: 'call', callee: n, args };
      } else return n;
    }
  };
  const unary = (): Node => primary();
  const expr = (minPrec: number): Node => {
    let left = unary();
    for (;;) {
      const op = peek();
      if (op === '?' && minPrec === 0) {
        take();
        const cons = expr(0);
        take(':');
        const alt = expr(0);
        left = { k: 'cond', test: left, cons, alt };
        continue;
      }
      const prec = op === undefined ? undefined : BINARY[op];
      if (prec === undefined || prec < minPrec) return left;
      take();
      const right = expr(prec + 1);
      left = { k: 'binary', op, left, right };
    }
  };
  try {
    const n = expr(0);
    return pos === toks.length ? n : undefined;
  } catch {
    return undefined;
  }
}

// Scalar functions of the runtime with no side effects (the linear-algebra kernels write arrays).
const PURE_RT = new Set(['lgamma', 'digamma', 'trigamma', 'log1pExp', 'invLogit', 'normalCdf']);

const pureCallee = (c: Node): ((...a: number[]) => number) | undefined => {
  if (c.k !== 'member' || c.obj.k !== 'id') return undefined;
  if (c.obj.name === 'Math') {
    // Math.random is the one Math function whose value is not fixed by its arguments.
    const f = c.prop === 'random' ? undefined : (Math as unknown as Record<string, unknown>)[c.prop];
    return typeof f === 'function' ? (f as (...a: number[]) => number) : undefined;
  }
  if (c.obj.name === 'rt' && PURE_RT.has(c.prop)) return runtime[c.prop as keyof typeof runtime] as never;
  return undefined;
};

/** Whether evaluating the expression has no effect but its value (so an unused one may go). */
export function isPure(n: Node): boolean {
  switch (n.k) {
    case 'num':
    case 'id':
      return true;
    case 'member':
      return isPure(n.obj);
    case 'index':
      return isPure(n.obj) && isPure(n.index);
    case 'call':
      return pureCallee(n.callee) !== undefined && n.args.every(isPure);
    case 'unary':
      return isPure(n.arg);
    case 'binary':
      return isPure(n.left) && isPure(n.right);
    case 'cond':
      return isPure(n.test) && isPure(n.cons) && isPure(n.alt);
  }
}

const num = (v: number): Node => ({ k: 'num', v });

function binaryValue(op: string, a: number, b: number): number | boolean {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    case '===':
      return a === b;
    default:
      return a !== b;
  }
}

/**
 * Folds the expression bottom-up. Comparisons fold only as the test of a conditional or an
 * operand of `&&`/`||` (where a boolean is what the code would see anyway).
 */
export function fold(n: Node, data?: DataArrays): Node {
  const f = (m: Node) => fold(m, data);
  switch (n.k) {
    case 'num':
    case 'id':
      return n;
    case 'member':
      return { ...n, obj: f(n.obj) };
    case 'index':
      return { ...n, obj: f(n.obj), index: f(n.index) };
    case 'call': {
      const args = n.args.map(f);
      const fn = pureCallee(n.callee);
      if (fn && args.every((a) => a.k === 'num')) return num(fn(...args.map((a) => (a as { v: number }).v)));
      return { ...n, args };
    }
    case 'unary': {
      const arg = f(n.arg);
      if (arg.k === 'num' && n.op === '-') return num(-arg.v);
      if (arg.k === 'num' && n.op === '+') return arg;
      return { ...n, arg };
    }
    case 'cond': {
      let test = truth(f(n.test), data);
      if (typeof test === 'boolean') return f(test ? n.cons : n.alt);
      // As a test, `a && true` is `a`.
      while (test.k === 'binary' && test.op === '&&' && test.right.k === 'id' && test.right.name === 'true')
        test = test.left;
      return { k: 'cond', test, cons: f(n.cons), alt: f(n.alt) };
    }
    case 'binary': {
      if (n.op === '&&' || n.op === '||') {
        const lf = f(n.left);
        const left = truth(lf, data);
        const right = asNode(truth(f(n.right), data));
        // JavaScript's own rule: `a && b` is a when a is falsy, else b (`||` the other way).
        if (typeof left === 'boolean') return left === (n.op === '&&') ? right : asNode(lf);
        return { ...n, left, right };
      }
      const left = f(n.left);
      const right = f(n.right);
      if (left.k === 'num' && right.k === 'num') {
        const v = binaryValue(n.op, left.v, right.v);
        if (typeof v === 'number') return num(v);
        return { ...n, left, right };
      }
      // Identities exact in floating point (x + 0 differs from x only in the sign of a zero).
      const isNum = (m: Node, v: number) => m.k === 'num' && Object.is(m.v, v);
      if ((n.op === '-' || n.op === '+') && isNum(right, 0)) return left;
      if (n.op === '+' && isNum(left, 0)) return right;
      if ((n.op === '*' || n.op === '/') && isNum(right, 1)) return left;
      if (n.op === '*' && isNum(left, 1)) return right;
      return { ...n, left, right };
    }
  }
}

type Truth = Node | boolean;
const asNode = (t: Truth): Node => (typeof t === 'boolean' ? { k: 'id', name: String(t) } : t);

/** Data arrays by name: fixed for the life of the program, so a test on them is known now. */
export type DataArrays = ReadonlyMap<string, Float64Array>;

/**
 * A folded test: a boolean when its value is known, the node otherwise. A comparison of an element
 * of a data array with a literal (`sigma[i] > 0`) is known when it holds for every element alike.
 */
function truth(n: Node | boolean, data?: DataArrays): Truth {
  if (typeof n === 'boolean') return n;
  if (n.k === 'binary' && data && BINARY[n.op] >= 3 && BINARY[n.op] <= 4) {
    const arr = (m: Node) => (m.k === 'index' && m.obj.k === 'id' ? data.get(m.obj.name) : undefined);
    const a = arr(n.left);
    const b = arr(n.right);
    if ((a && n.right.k === 'num') || (b && n.left.k === 'num')) {
      const c = n.right.k === 'num' ? n.right.v : (n.left as { v: number }).v;
      const each = (x: number) => binaryValue(n.op, a ? x : c, a ? c : x) as boolean;
      const values = (a ?? b)!;
      if (values.every(each)) return true;
      if (!values.some(each)) return false;
    }
  }
  if (n.k === 'id' && (n.name === 'true' || n.name === 'false')) return n.name === 'true';
  if (n.k === 'num') return n.v !== 0 && !Number.isNaN(n.v);
  if (n.k === 'binary' && n.op in BINARY && BINARY[n.op] <= 4 && n.op !== '&&' && n.op !== '||') {
    if (n.left.k === 'num' && n.right.k === 'num') return binaryValue(n.op, n.left.v, n.right.v) as boolean;
  }
  if (n.k === 'unary' && n.op === '!') {
    const a = truth(n.arg, data);
    if (typeof a === 'boolean') return !a;
  }
  return n;
}

function numText(v: number): string {
  if (Object.is(v, -0)) return '-0';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return 'Infinity';
  if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
  return String(v);
}

/** Prints with the parentheses precedence needs (left-associative: a − (b − c) keeps its own). */
export function print(n: Node | boolean, prec = 0): string {
  if (typeof n === 'boolean') return String(n);
  switch (n.k) {
    case 'num': {
      const t = numText(n.v);
      return t.startsWith('-') && prec >= UNARY_PREC ? `(${t})` : t;
    }
    case 'id':
      return n.name;
    case 'member':
      return `${print(n.obj, 8)}.${n.prop}`;
    case 'index':
      return `${print(n.obj, 8)}[${print(n.index)}]`;
    case 'call':
      return `${print(n.callee, 8)}(${n.args.map((a) => print(a)).join(', ')})`;
    case 'unary': {
      const a = print(n.arg, UNARY_PREC);
      const t = n.arg.k === 'unary' ? `${n.op}(${a})` : `${n.op}${a}`;
      return prec > UNARY_PREC ? `(${t})` : t;
    }
    case 'binary': {
      const p = BINARY[n.op];
      const t = `${print(n.left, p)} ${n.op} ${print(n.right, p + 1)}`;
      return p < prec ? `(${t})` : t;
    }
    case 'cond': {
      const t = `${print(n.test, 1)} ? ${print(n.cons)} : ${print(n.alt)}`;
      return prec > 0 ? `(${t})` : t;
    }
  }
}

/** `target op= expression;` — the statement forms the code generator writes. */
const STATEMENT = /^(\s*)(const |let )?([A-Za-z_$][\w$]*)(\[.*?\])? (=|\+=) (.*);$/;

/** Simplifies one statement; the same text when it is not of a known form or nothing changes. */
function simplifyLine(line: string, consts: Map<string, number>, data?: DataArrays): string {
  const m = STATEMENT.exec(line);
  if (!m) return line;
  const [, indent, decl = '', name, index, op, rhs] = m;
  const e = parse(rhs, consts);
  if (!e) return line;
  let ix = index;
  if (index !== undefined) {
    const i = parse(index.slice(1, -1), consts);
    if (!i) return line;
    ix = `[${print(fold(i, data))}]`;
  }
  const folded = fold(e, data);
  if (decl === 'const ' && folded.k === 'num') consts.set(name, folded.v);
  else consts.delete(name);
  return `${indent}${decl}${name}${ix ?? ''} ${op} ${print(folded)};`;
}

/**
 * Simplifies the statements of one function body and removes `const` definitions whose names no
 * other line reads (repeated, as removing one may free another).
 */
export function simplifyBody(lines: readonly string[], removeUnused = true, data?: DataArrays): string[] {
  const consts = new Map<string, number>();
  let out = lines.map((l) => simplifyLine(l, consts, data));
  if (removeUnused) out = singleTermSums(out);
  for (let changed = removeUnused; changed; ) {
    changed = false;
    const uses = new Map<string, number>();
    for (const id of out.join('\n').match(/[A-Za-z_$][\w$]*/g) ?? []) uses.set(id, (uses.get(id) ?? 0) + 1);
    const next: string[] = [];
    for (const l of out) {
      const m = STATEMENT.exec(l);
      if (m && m[2] === 'const ' && m[4] === undefined && m[5] === '=' && uses.get(m[3]) === 1) {
        const e = parse(m[6]);
        if (e && isPure(e)) {
          changed = true;
          continue;
        }
      }
      next.push(l);
    }
    out = next;
  }
  return out;
}

/**
 * `let acc = 0; acc += e; target op= acc;` — a sum or adjoint accumulator over a one-element loop —
 * becomes `target op= e;` (0 + e differs from e only in the sign of a zero).
 */
function singleTermSums(lines: readonly string[]): string[] {
  const uses = new Map<string, number>();
  for (const id of lines.join('\n').match(/[A-Za-z_$][\w$]*/g) ?? []) uses.set(id, (uses.get(id) ?? 0) + 1);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)let ([A-Za-z_$][\w$]*) = 0;$/.exec(lines[i]);
    if (open && uses.get(open[2]) === 3 && i + 2 < lines.length) {
      const [, indent, acc] = open;
      const add = lines[i + 1].startsWith(`${indent}${acc} += `) && lines[i + 1].endsWith(';');
      const use = new RegExp(`^${indent}(\\S.*) (=|\\+=) ${acc.replace(/\$/g, '\\$')};$`).exec(lines[i + 2]);
      if (add && use) {
        out.push(`${indent}${use[1]} ${use[2]} ${lines[i + 1].slice(indent.length + acc.length + 4, -1)};`);
        i += 2;
        continue;
      }
    }
    out.push(lines[i]);
  }
  return out;
}

/**
 * The gradient starts at zero and every contribution is added into it: `grad[k] = 0;` at the top,
 * then `grad[k] += …` wherever k's contributions are. Where the first statement touching entry k
 * runs unconditionally and only adds to it (a top-level `grad[k] += e`, or a top-level loop
 * `for (let i = 0; i < n; i++) { … grad[c + i] += e; … }` that touches no other entry), it may
 * store instead, and the zeroing goes. Scanning stops at the first statement that touches the
 * gradient in any other way, so every entry not proved first-written keeps its zero.
 */
export function assignFirstGradientWrites(lines: readonly string[], indent: string): string[] {
  const zeroAt = new Map<number, number>();
  let k = 0;
  for (; k < lines.length; k++) {
    const m = new RegExp(`^${indent}grad\\[(\\d+)\\] = 0;$`).exec(lines[k]);
    if (!m) break;
    zeroAt.set(Number(m[1]), k);
  }
  const out = [...lines];
  const assigned = new Set<number>();
  const refs = (l: string) => l.match(/(?<![\w$])grad\[[^\]]*\]/g) ?? [];
  const touches = (l: string) => /(?<![\w$])grad(?![\w$])/.test(l);
  const pending = (c: number) => zeroAt.has(c) && !assigned.has(c);
  scan: while (k < lines.length) {
    const line = lines[k];
    if (!line.startsWith(indent) || line[indent.length] === ' ') break; // not at the top level
    if (!line.endsWith('{')) {
      const m = new RegExp(`^${indent}grad\\[(\\d+)\\] \\+= (.*);$`).exec(line);
      if (m && !touches(m[2])) {
        // An entry already written (or zeroed some other way) just takes one more term.
        if (pending(Number(m[1]))) {
          out[k] = `${indent}grad[${m[1]}] = ${m[2]};`;
          assigned.add(Number(m[1]));
        }
      } else if (touches(line)) break;
      k++;
      continue;
    }
    // A block: find its end by counting braces; note each body line's nesting depth.
    const braces = (l: string) => (l.match(/\{/g)?.length ?? 0) - (l.match(/\}/g)?.length ?? 0);
    const depth: number[] = [];
    let end = k + 1;
    for (let d = 1; end < lines.length; end++) {
      const next = d + braces(lines[end]);
      if (next <= 0) break;
      depth.push(Math.min(d, next));
      d = next;
    }
    const body = lines.slice(k + 1, end);
    if (!body.some(touches)) {
      k = end + 1;
      continue;
    }
    const loop = /^\s*for \(let ([\w$]+) = 0; \1 < (\d+); \1\+\+\) \{$/.exec(line);
    if (!loop || body.some((l) => /\b(?:continue|break|return)\b/.test(l))) break;
    const [, i, n] = loop;
    const inner = `${indent}  `;
    let base: number | undefined;
    let first = -1;
    for (let j = 0; j < body.length; j++) {
      for (const r of refs(body[j])) {
        const c = new RegExp(`^grad\\[(?:(\\d+) \\+ )?${i.replace(/\$/g, '\\$')}\\]$`).exec(r);
        if (!c) break scan;
        const cj = Number(c[1] ?? 0);
        if (base !== undefined && cj !== base) break scan;
        base = cj;
      }
      if (first < 0 && touches(body[j])) first = j;
    }
    if (base === undefined) break;
    // The first write must run on every pass: at the loop's own level, not inside a nested block.
    const m =
      depth[first] === 1 && braces(body[first]) === 0
        ? new RegExp(`^${inner}(grad\\[[^\\]]*\\]) \\+= (.*);$`).exec(body[first])
        : null;
    const all = Array.from({ length: Number(n) }, (_, j) => (base as number) + j);
    if (!all.some(pending)) {
      k = end + 1;
      continue;
    }
    if (!m || touches(m[2]) || !all.every(pending)) break;
    out[k + 1 + first] = `${inner}${m[1]} = ${m[2]};`;
    for (const c of all) assigned.add(c);
    k = end + 1;
  }
  return out.filter((_, j) => ![...assigned].some((c) => zeroAt.get(c) === j));
}
