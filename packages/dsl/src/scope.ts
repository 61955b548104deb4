import type { DataStmt, DefineStmt, FactorStmt, Pos, Program, RandomStmt, Statement } from './ast.js';
import type { Diagnostics } from './errors.js';

// The definitions of a program: which statements define which node. A node is defined by one
// statement, except a recurrence (its initial rows x[0], x[1], … and its step x[t in k:T]) and an
// observation (a `data` declaration and the `~` statement that gives it a distribution).

export type NodeKind = 'data' | 'random' | 'deterministic' | 'factor';

export interface Definition {
  readonly name: string;
  readonly kind: NodeKind;
  /** Where messages about the whole node point: its name in the defining statement. */
  readonly pos: Pos;
  /** The statement index that places the node in source order. */
  readonly order: number;
  /** The `data` declaration: the node itself (kind 'data') or the data a random node observes. */
  readonly data?: DataStmt;
  /** The defining statement (the step of a recurrence); undefined for plain data. */
  readonly stmt?: RandomStmt | DefineStmt | FactorStmt;
  /** Initial rows of a recurrence, row 0 first. */
  readonly init: readonly (RandomStmt | DefineStmt)[];
}

const isRow = (s: Statement): s is RandomStmt | DefineStmt =>
  (s.kind === 'random' || s.kind === 'define') &&
  s.target.dims?.length === 1 &&
  s.target.dims[0].kind === 'number' &&
  s.target.step === undefined;

const nameOf = (s: Statement): string =>
  (s.kind === 'data' || s.kind === 'factor' ? s.name : s.target.name).name;
const namePos = (s: Statement): Pos =>
  (s.kind === 'data' || s.kind === 'factor' ? s.name : s.target.name).pos;

/** Groups statements into node definitions, reporting duplicates and malformed recurrences. */
export function collectDefinitions(program: Program, diags: Diagnostics): Map<string, Definition> {
  const byName = new Map<string, { stmt: Statement; index: number }[]>();
  program.statements.forEach((stmt, index) => {
    const list = byName.get(nameOf(stmt)) ?? [];
    list.push({ stmt, index });
    byName.set(nameOf(stmt), list);
  });
  const defs = new Map<string, Definition>();
  for (const [name, list] of byName) {
    const def = defineOne(name, list, diags);
    if (def) defs.set(name, def);
  }
  return defs;
}

const twice = (name: string, first: Pos) => `'${name}' is defined twice (first at line ${first.line})`;

function defineOne(
  name: string,
  list: readonly { stmt: Statement; index: number }[],
  diags: Diagnostics,
): Definition | undefined {
  const decls = list.filter((x) => x.stmt.kind === 'data');
  const others = list.filter((x) => x.stmt.kind !== 'data');
  for (const d of decls.slice(1)) diags.at(namePos(d.stmt), twice(name, namePos(decls[0].stmt)));
  const data = decls[0]?.stmt as DataStmt | undefined;
  if (others.length === 0) {
    return data && { name, kind: 'data', pos: data.name.pos, order: decls[0].index, data, init: [] };
  }
  const steps = others.filter(
    (x) => x.stmt.kind !== 'data' && x.stmt.kind !== 'factor' && x.stmt.target.step,
  );
  let main: { stmt: Statement; index: number };
  let init: (RandomStmt | DefineStmt)[] = [];
  if (steps.length) {
    main = steps[0];
    init = recurrenceRows(name, main.stmt as RandomStmt | DefineStmt, others, diags);
  } else {
    main = others[0];
    for (const o of others.slice(1)) diags.at(namePos(o.stmt), twice(name, namePos(main.stmt)));
    if (isRow(main.stmt) && main.stmt.kind === 'define') {
      const s = main.stmt;
      diags.at(
        s.target.name.pos,
        `${name}[${(s.target.dims![0] as { value: number }).value}] := … is an initial row, but there is no recurrence step ${name}[t in 1:T] := …`,
      );
    }
  }
  const stmt = main.stmt as RandomStmt | DefineStmt | FactorStmt;
  if (data) {
    if (stmt.kind !== 'random') {
      diags.at(
        namePos(stmt),
        `'${name}' is declared as data (line ${data.name.pos.line}); only '${name} ~ Dist(…)' may observe it`,
      );
    } else if (stmt.observes) {
      diags.at(
        stmt.observes.pos,
        `'${name}' is declared as data (line ${data.name.pos.line}), so it observes that data already: drop 'observes …'`,
      );
    }
  }
  const kind: NodeKind = stmt.kind === 'define' ? 'deterministic' : stmt.kind;
  return { name, kind, pos: namePos(stmt), order: main.index, data, stmt, init };
}

/** The initial rows x[0] … x[k-1] of the recurrence whose step is `step`, checked and in order. */
function recurrenceRows(
  name: string,
  step: RandomStmt | DefineStmt,
  others: readonly { stmt: Statement; index: number }[],
  diags: Diagnostics,
): (RandomStmt | DefineStmt)[] {
  const range = step.target.step!;
  const start = range.start.value;
  const rows: (RandomStmt | DefineStmt | undefined)[] = [];
  for (const { stmt } of others) {
    if (stmt === step) continue;
    if (!isRow(stmt)) {
      diags.at(namePos(stmt), twice(name, step.target.name.pos));
      continue;
    }
    const j = (stmt.target.dims![0] as { value: number }).value;
    const sym = stmt.kind === 'random' ? '~' : ':=';
    if (stmt.kind !== step.kind) {
      diags.at(
        stmt.target.name.pos,
        `${name}[${j}] ${sym} … does not match the step ${name}[t in …] ${step.kind === 'random' ? '~' : ':='} …: a recurrence uses one of ~ and := throughout`,
      );
    } else if (!Number.isInteger(j) || j >= start) {
      diags.at(
        stmt.target.dims![0].pos,
        `${name}[${j}] is not an initial row: the step ${name}[t in ${start}:…] defines rows from ${start} on`,
      );
    } else if (rows[j]) {
      diags.at(
        stmt.target.name.pos,
        `row ${name}[${j}] is defined twice (first at line ${rows[j]!.pos.line})`,
      );
    } else {
      rows[j] = stmt;
    }
  }
  if (!Number.isInteger(start) || start < 1) {
    diags.at(
      range.start.pos,
      `a recurrence starts after its initial rows: define ${name}[0] and write ${name}[t in 1:…]`,
    );
    return [];
  }
  for (let j = 0; j < start; j++) {
    if (!rows[j]) {
      diags.at(
        step.target.name.pos,
        `recurrence '${name}' starts at ${range.index.name} = ${start}, but its initial row ${name}[${j}] is not defined`,
      );
      return [];
    }
  }
  return rows as (RandomStmt | DefineStmt)[];
}
