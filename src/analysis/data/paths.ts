import { SyntaxNode } from '@lezer/common';
import { analyzeCell, ICellAnalysis } from '../core/index.js';
import { INotebookCell } from '../core/index.js';
import { children } from '../core/index.js';
import {
  CONVENTIONAL,
  DATA_DESTINATIONS,
  DATA_METHODS,
  DataMode,
  dataFunction,
  IDataCall,
  modeWrites,
  PATH_METHODS
} from './calls.js';
import { stringValue } from './strings.js';
import {
  IPathValue,
  IValueContext,
  joinPaths,
  keywordArg,
  normalizePath,
  pathValue,
  positionalArgs
} from './values.js';

/** One data file (or folder, or pattern) a notebook reads or writes. */
export interface IDataPath {
  /** As the code spells it, normalised: relative to the notebook's folder, `~`, `$VAR` kept. */
  path: string;
  mode: DataMode;
  /** Index of the cell in the notebook's cells array. */
  cell: number;
  /** The call as spelled (`pd.read_csv`, `df.to_parquet`, `open`). */
  call: string;
  /** False for a pattern or a path with unknown parts. */
  exact: boolean;
}

/** Calls that take an opened file: `pickle.load(open(p, 'rb'))` is reported as pickle.load. */
const THROUGH_OPEN = new Set([
  'pickle.load',
  'pickle.dump',
  'json.load',
  'json.dump',
  'yaml.safe_load',
  'yaml.load',
  'yaml.dump',
  'yaml.safe_dump',
  'csv.reader',
  'csv.writer',
  'csv.DictReader',
  'csv.DictWriter'
]);
/** Loops over these bind their variable to a pattern: `for f in glob('d/*.csv')`. */
const LISTINGS = new Set(['glob.glob', 'glob.iglob', 'os.listdir']);
const URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The data paths of a notebook's code cells, in notebook order. Names bound to paths carry over
 * from cell to cell in notebook order (the order of a top-to-bottom run).
 */
export function dataPaths(
  cells: readonly INotebookCell[],
  analyses?: readonly (ICellAnalysis | null)[]
): IDataPath[] {
  const steps = dataPathsByCell(cells, (source, k) =>
    analyses?.[k] ? analyses[k] : analyzeCell(source)
  );
  let step = steps.next();
  while (!step.done) {
    step = steps.next();
  }
  return step.value;
}

/**
 * The same, a code cell at a step: a caller in the browser yields between steps, so that a
 * notebook of big cells never holds the page.
 */
export function* dataPathsByCell(
  cells: readonly INotebookCell[],
  analyze: (source: string, k: number) => ICellAnalysis = analyzeCell
): Generator<void, IDataPath[], void> {
  const walk = new NotebookWalk();
  for (let k = 0; k < cells.length; k++) {
    const cell = cells[k];
    if (cell.cellType === 'code') {
      walk.cell(cell.index, analyze(cell.source, k));
      yield;
    }
  }
  return walk.found;
}

/**
 * What the walk carries from cell to cell: the imports and the names bound to paths so far.
 * Never changed once made: a cell that changes it leads to another, the same object for the same
 * changes from the same state, so that a cell's paths can be kept by (analysis, state), and an
 * edit that changes no import or path name leaves the states after it, and their cells' paths,
 * as they were.
 */
class WalkState {
  constructor(
    readonly imports: ReadonlyMap<string, string>,
    readonly names: ReadonlyMap<string, IPathValue>
  ) {}

  /** The state `changes` (a cell's walk's list, as JSON) lead to; `make` makes it. */
  then(changes: string, make: () => WalkState): WalkState {
    let next = this._next.get(changes);
    if (!next) {
      next = make();
      keep(this._next, changes, next);
    }
    return next;
  }

  private _next = new Map<string, WalkState>();
}

/** A cell's paths (its index added when reported) and the state it leaves. */
interface IWalkStep {
  readonly found: readonly Omit<IDataPath, 'cell'>[];
  readonly after: WalkState;
}

const START = new WalkState(new Map(), new Map());
/** Steps kept per cell, states kept per state: the latest, as a notebook is edited. */
const KEPT = 4;
const steps = new WeakMap<ICellAnalysis, Map<WalkState, IWalkStep>>();

/** Sets `key` in a map that keeps the `KEPT` latest keys. */
function keep<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= KEPT) {
    map.delete(map.keys().next().value!);
  }
  map.set(key, value);
}

class NotebookWalk {
  readonly found: IDataPath[] = [];

  cell(index: number, analysis: ICellAnalysis): void {
    let byState = steps.get(analysis);
    if (!byState) {
      byState = new Map();
      steps.set(analysis, byState);
    }
    let step = byState.get(this._state);
    if (!step) {
      step = new CellWalk(this._state).run(analysis);
      keep(byState, this._state, step);
    }
    for (const { path, mode, call, exact } of step.found) {
      this.found.push({ path, mode, cell: index, call, exact });
    }
    this._state = step.after;
  }

  private _state = START;
}

/** One cell's walk, from the state the cells before it left. */
class CellWalk {
  constructor(private readonly _before: WalkState) {
    this._imports = _before.imports;
    this._names = _before.names;
  }

  run(analysis: ICellAnalysis): IWalkStep {
    const { ipython, tree } = analysis;
    if (ipython.cellMagic !== null && !ipython.cellMagicIsPython) {
      return { found: [], after: this._before };
    }
    analysis.imports.forEach((dotted, name) => this._import(name, dotted));
    this._python = ipython.python;
    tree.iterate({
      enter: ref => {
        if (ref.name === 'CallExpression') {
          this._call(ref.node);
        } else if (ref.name === 'ForStatement') {
          this._loop(ref.node);
        }
      },
      leave: ref => {
        if (ref.name === 'AssignStatement') {
          this._assign(ref.node);
        }
      }
    });
    const after =
      this._changes.length === 0
        ? this._before
        : this._before.then(
            JSON.stringify(this._changes),
            () => new WalkState(this._imports, this._names)
          );
    return { found: this._found, after };
  }

  private _import(name: string, dotted: string): void {
    if (this._imports.get(name) !== dotted) {
      const imports = (this._ownImports ??= new Map(this._imports));
      this._imports = imports.set(name, dotted);
      this._changes.push(['import', name, dotted]);
    }
  }

  /** Binds a name to a path value, or forgets it (null). */
  private _bind(name: string, value: IPathValue | null): void {
    if (value === null && !this._names.has(name)) {
      return;
    }
    const names = (this._ownNames ??= new Map(this._names));
    this._names = names;
    if (value) {
      names.set(name, value);
      this._changes.push(['bind', name, value.text, value.exact]);
    } else {
      names.delete(name);
      this._changes.push(['forget', name]);
    }
  }

  private get _context(): IValueContext {
    return {
      python: this._python,
      names: this._names,
      resolve: node => this._resolve(node)
    };
  }

  private _text(node: SyntaxNode): string {
    return this._python.slice(node.from, node.to);
  }

  /** The dotted name a callee refers to, through the imports seen so far. */
  private _resolve(node: SyntaxNode): string | null {
    if (node.name === 'VariableName') {
      const name = this._text(node);
      return this._imports.get(name) ?? CONVENTIONAL.get(name) ?? name;
    }
    if (node.name === 'MemberExpression') {
      const parts = children(node);
      const last = parts[parts.length - 1];
      if (parts[1]?.name !== '.' || last.name !== 'PropertyName') {
        return null;
      }
      const base = this._resolve(parts[0]);
      return base === null ? null : `${base}.${this._text(last)}`;
    }
    return null;
  }

  /** `name = value` (and `a = b = value`): a path value bound, or forgotten when unknown. */
  private _assign(node: SyntaxNode): void {
    const parts = children(node);
    const value = parts[parts.length - 1];
    const targets = parts.filter(
      (p, i) => p.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp'
    );
    if (targets.length === 0 || parts.some(p => p.name === 'TypeDef')) {
      return;
    }
    const known = pathValue(value, this._context);
    for (const target of targets) {
      this._bind(this._text(target), known);
    }
  }

  /** `for f in glob.glob('data/*.csv')`: `f` stands for the pattern's files. */
  private _loop(node: SyntaxNode): void {
    const parts = children(node);
    const inAt = parts.findIndex(p => p.name === 'in');
    const target = parts[1];
    const source = parts[inAt + 1];
    if (
      inAt !== 2 ||
      target.name !== 'VariableName' ||
      source?.name !== 'CallExpression'
    ) {
      return;
    }
    const dotted = source.firstChild ? this._resolve(source.firstChild) : null;
    const arg = positionalArgs(source)[0];
    const value = arg ? pathValue(arg, this._context) : null;
    if (dotted && LISTINGS.has(dotted) && value) {
      const files =
        dotted === 'os.listdir'
          ? joinPaths([value, { text: '*', exact: false }])
          : { text: value.text, exact: false };
      this._bind(this._text(target), files);
    }
  }

  private _call(node: SyntaxNode): void {
    const callee = node.firstChild;
    if (!callee) {
      return;
    }
    const dotted = this._resolve(callee);
    const spec = dotted ? dataFunction(dotted) : null;
    if (spec) {
      this._report(node, spec, null, this._callName(node, callee));
      const destination = DATA_DESTINATIONS.get(dotted!);
      if (destination) {
        this._report(node, destination, null, this._callName(node, callee));
      }
      return;
    }
    if (callee.name !== 'MemberExpression') {
      return;
    }
    const method = callee.lastChild;
    if (method?.name !== 'PropertyName') {
      return;
    }
    const name = this._text(method);
    const base = callee.firstChild
      ? pathValue(callee.firstChild, this._context)
      : null;
    const pathMethod = PATH_METHODS.get(name);
    if (base && pathMethod) {
      this._report(node, pathMethod, base, this._callName(node, callee));
      return;
    }
    const dataMethod = DATA_METHODS.get(name);
    if (dataMethod) {
      this._report(node, dataMethod, null, this._callName(node, callee));
    }
  }

  /** How the call reads in the code; `open` inside `pickle.load(...)` is that call. */
  private _callName(node: SyntaxNode, callee: SyntaxNode): string {
    const outer = node.parent?.name === 'ArgList' ? node.parent.parent : null;
    const outerCallee =
      outer?.name === 'CallExpression' ? outer.firstChild : null;
    if (outerCallee && this._resolve(callee) === 'open') {
      const dotted = this._resolve(outerCallee);
      if (dotted && THROUGH_OPEN.has(dotted)) {
        return this._text(outerCallee).replace(/\s+/g, '');
      }
    }
    const text = this._text(callee).replace(/\s+/g, '');
    if (/^[\w.]+$/.test(text)) {
      return text;
    }
    const method = callee.lastChild;
    return method ? `….${this._text(method)}` : text.slice(0, 40);
  }

  /** Reports the path a call takes (or the receiver's, for a path method) with its mode. */
  private _report(
    node: SyntaxNode,
    spec: IDataCall,
    base: IPathValue | null,
    call: string
  ): void {
    const context = this._context;
    let value: IPathValue | null = base;
    if (spec.arg >= 0) {
      const argNode =
        positionalArgs(node)[spec.arg] ??
        spec.keywords
          .map(k => keywordArg(node, k, this._python))
          .find(n => n !== null);
      value = argNode ? pathValue(argNode, context) : null;
    }
    if (value && spec.pattern && base) {
      // `Path(d).glob('*.csv')`: the pattern under the folder.
      const pattern = positionalArgs(node)[0];
      const inner = pattern ? pathValue(pattern, context) : null;
      value = joinPaths([value, inner ?? { text: '*', exact: false }]);
    }
    if (!value || value.text.trim() === '' || URL.test(value.text)) {
      return;
    }
    let path = normalizePath(value.text);
    if (spec.extension && !path.endsWith(spec.extension)) {
      path += spec.extension;
    }
    const wildcard = spec.pattern === true && /[*?[]/.test(path);
    const entry = {
      path,
      mode: this._mode(node, spec),
      call,
      exact: value.exact && !wildcard
    };
    const key = `${entry.path}\n${entry.mode}\n${entry.call}`;
    if (!this._seen.has(key)) {
      this._seen.add(key);
      this._found.push(entry);
    }
  }

  private _mode(node: SyntaxNode, spec: IDataCall): DataMode {
    if (!spec.modeArg) {
      return spec.mode;
    }
    const modeNode =
      positionalArgs(node)[spec.modeArg.arg] ??
      keywordArg(node, spec.modeArg.keyword, this._python);
    const mode = modeNode ? stringValue(this._text(modeNode)) : null;
    return mode !== null && modeWrites(mode) ? 'write' : spec.mode;
  }

  private _imports: ReadonlyMap<string, string>;
  private _names: ReadonlyMap<string, IPathValue>;
  /** The maps, copied on the cell's first change. */
  private _ownImports: Map<string, string> | null = null;
  private _ownNames: Map<string, IPathValue> | null = null;
  /** What the cell changed, in order: the next state's name from this one. */
  private _changes: (string | boolean)[][] = [];
  private _found: Omit<IDataPath, 'cell'>[] = [];
  private _seen = new Set<string>();
  private _python = '';
}
