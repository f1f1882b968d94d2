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

class NotebookWalk {
  readonly found: IDataPath[] = [];

  cell(index: number, analysis: ICellAnalysis): void {
    const { ipython, tree } = analysis;
    if (ipython.cellMagic !== null && !ipython.cellMagicIsPython) {
      return;
    }
    analysis.imports.forEach((dotted, name) => this._imports.set(name, dotted));
    this._python = ipython.python;
    this._cell = index;
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
      if (known) {
        this._names.set(this._text(target), known);
      } else {
        this._names.delete(this._text(target));
      }
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
      this._names.set(this._text(target), files);
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
    const entry: IDataPath = {
      path,
      mode: this._mode(node, spec),
      cell: this._cell,
      call,
      exact: value.exact && !wildcard
    };
    const key = `${entry.path}\n${entry.mode}\n${entry.cell}\n${entry.call}`;
    if (!this._seen.has(key)) {
      this._seen.add(key);
      this.found.push(entry);
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

  private _imports = new Map<string, string>();
  private _names = new Map<string, IPathValue>();
  private _seen = new Set<string>();
  private _python = '';
  private _cell = 0;
}
