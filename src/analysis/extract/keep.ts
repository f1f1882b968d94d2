/**
 * What must stay the notebook's when a cell becomes a function. Functions read globals when they
 * are called, not when they are defined: a function defined in the cell that other code calls
 * stays at module level, and a name that some function reads when called stays a global of the
 * notebook (a `global` declaration in the new function), never a local that callers can't see.
 */
import { SyntaxNode } from '@lezer/common';
import { spelledThenRead } from './byName.js';
import { analyzeCell } from '../core/index.js';
import {
  definedName,
  IDefinitionRefusal,
  movingDefinitions
} from './definitions.js';
import { ICellFlow } from '../core/index.js';
import { IStatementFacts, isInert, statementFacts } from '../core/index.js';

export interface IKeptNames {
  /** Top-level `def`/`class` statements that move above the new function, in order. */
  defs: SyntaxNode[];
  /** The names those statements bind. */
  defNames: ReadonlySet<string>;
  /** Names the new function declares `global`, in the order the cell binds them. */
  globals: string[];
  /** Names some function reads when called that the cell binds plainly: returned as results. */
  lateResults: string[];
  /**
   * Names only the moved definitions read when defined (decorators, defaults, class bodies): at
   * module level they read the notebook's, so the function needs no parameter for them.
   */
  movedReads: ReadonlySet<string>;
}

/** Why the cell can't become a function safely: the name at fault and its 1-based line. */
export interface IKeepRefusal {
  code: IDefinitionRefusal['code'] | 'only-definitions' | 'bound-by-name';
  name: string | null;
  line: number | null;
}

/** A string literal that spells an identifier: the only way a call can bind a name by name. */
const SPELLS_A_NAME = /(['"])([A-Za-z_]\w*)\1/g;

/**
 * Whether the cell spells in a string a name it reads or binds: only then can a name bound by
 * name be read after (see byName.ts). A scan of the text, so a superset of the strings the
 * tree has: `df['col']` in most cells spells no name of the cell and costs no statement walk.
 */
function spellsOwnName(analysis: ICellFlow['analysis']): boolean {
  const python = analysis.ipython.python;
  for (const match of python.matchAll(SPELLS_A_NAME)) {
    const word = match[2];
    if (analysis.binds.has(word) || analysis.reads.includes(word)) {
      return true;
    }
  }
  return false;
}

/** Modules that find classes and functions by their module-level name (`__main__.C`). */
const BY_NAME = new Set([
  'pickle',
  'dill',
  'cloudpickle',
  'joblib',
  'shelve',
  'copyreg'
]);

/**
 * Chooses the definitions that move above the new function and the names it keeps global.
 * `statements` are the cell's top-level statements after its leading imports.
 */
export function keptNames(
  flow: ICellFlow,
  statements: readonly SyntaxNode[]
): IKeptNames | IKeepRefusal {
  const { analysis } = flow;
  const python = analysis.ipython.python;
  // Most cells define nothing and spell no name in a string: no statement needs a walk of its
  // own then (the analysis of every cell of a notebook plans its extraction).
  const spells = spellsOwnName(analysis);
  const facts =
    spells || statements.some(s => definedName(s, python) !== null)
      ? statements.map(s => statementFacts(s, python, analysis))
      : null;
  const byName = facts && spells && spelledThenRead(analysis, facts);
  if (byName) {
    return { code: 'bound-by-name', ...byName };
  }
  const defs = facts ? movingDefinitions(flow, facts) : [];
  if (!Array.isArray(defs)) {
    return defs;
  }
  const defNames = new Set(defs.map(d => definedName(d, python)!));
  const rest = statements.filter(s => !defs.includes(s));
  if (rest.length === 0) {
    return { code: 'only-definitions', name: null, line: null };
  }
  const globals = new Set<string>();
  analysis.topGlobals.forEach(g => g.names.forEach(n => globals.add(n)));
  analysis.deletedOuter.forEach(n => globals.add(n));
  let inert: boolean | undefined;
  const isRestInert = () => (inert ??= isInert(rest));
  // Pickling looks objects' classes and functions up by their name in `__main__`.
  const pickles = analysis.reads.some(name => BY_NAME.has(name));
  const lateResults: string[] = [];
  for (const name of analysis.binds.keys()) {
    if (defNames.has(name) || globals.has(name)) {
      continue;
    }
    if (pickles || mustStayGlobal(flow, name, isRestInert)) {
      globals.add(name);
    } else if (flow.readLateBefore.has(name)) {
      lateResults.push(name);
    }
  }
  const order = [...analysis.binds.keys()];
  const rank = (name: string) => {
    const at = order.indexOf(name);
    return at < 0 ? order.length : at;
  };
  return {
    defs,
    defNames,
    globals: [...globals].sort(
      (a, b) => rank(a) - rank(b) || a.localeCompare(b)
    ),
    lateResults,
    movedReads:
      facts && defs.length > 0 ? movedReads(flow, facts, defs) : new Set()
  };
}

/** Whether a name the cell binds must be the notebook's own name inside the new function. */
function mustStayGlobal(
  flow: ICellFlow,
  name: string,
  inert: () => boolean
): boolean {
  const { analysis, earlier, usedLater } = flow;
  const sure = analysis.sure.has(name);
  return (
    // A function of this cell reads it when called: while the cell runs, or later.
    analysis.lateReads.has(name) ||
    // A function of an earlier cell reads it, and the cell may call it while it runs.
    (flow.readLateBefore.has(name) && !(sure && inert())) ||
    // Later cells read it but the cell may leave it unbound: a local would be unbound.
    (usedLater.has(name) && !sure && !earlier.has(name)) ||
    // Read before the cell binds it, from no earlier cell: a builtin or a name made where the
    // analysis can't see (`exec`, `%run`); a local would be unbound at that read.
    (analysis.reads.includes(name) && !earlier.has(name))
  );
}

function movedReads(
  flow: ICellFlow,
  facts: readonly IStatementFacts[],
  moved: readonly SyntaxNode[]
): Set<string> {
  const out = new Set<string>();
  for (const fact of facts) {
    if (moved.includes(fact.node)) {
      fact.reads.forEach(name => out.add(name));
    }
  }
  for (const fact of facts) {
    if (!moved.includes(fact.node)) {
      fact.reads.forEach(name => out.delete(name));
    }
  }
  // `%timeit` code reads too, though no statement shows it.
  for (const { code } of flow.analysis.ipython.readOnlyCode) {
    analyzeCell(code).reads.forEach(name => out.delete(name));
  }
  return out;
}
