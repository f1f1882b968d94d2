/**
 * The dependency closure of the definitions that move: the imports they use, the other
 * notebook functions and classes they call or subclass, and the constants they read. What can't
 * follow them is refused with the name at fault.
 */
import { SyntaxNode } from '@lezer/common';
import { topStatements } from '../core/index.js';
import { definedName } from '../extract/index.js';
import { reindenter } from '../core/index.js';
import { ICellFlow } from '../core/index.js';
import { lineOf } from '../core/index.js';
import {
  IMMUTABLE_VALUE_KINDS,
  onlyKinds,
  statementFacts
} from '../core/index.js';
import { IMoveRefusal, MoveOffer, MoveRefusalCode } from './types.js';

/** A function or class that moves, with what it reads when defined and when called. */
export interface IUnit {
  name: string;
  /** Position of its cell among the code cells. */
  code: number;
  text: string;
  isClass: boolean;
  defReads: readonly string[];
  bodyReads: ReadonlySet<string>;
}

/** A module-level constant copied into the module (the notebook keeps its own). */
export interface IConstant {
  name: string;
  code: number;
  text: string;
  reads: readonly string[];
}

/** The module's own bindings of what moves: imports by bound name, definitions, constants. */
export interface IClosure {
  units: IUnit[];
  constants: IConstant[];
  /** Bound name -> the dotted path it refers to. */
  imports: Map<string, string>;
  /** Code-cell positions of cells that move whole because a moved definition needs them. */
  dependencyCells: number[];
  /** The globals each function takes as new keyword parameters, when asked. */
  params: Map<string, string[]>;
}

/** A refusal carried out of the walk. */
export class Refused extends Error {
  constructor(readonly refusal: IMoveRefusal) {
    super(refusal.reason);
  }
}

export function refuse(
  code: MoveRefusalCode,
  reason: string,
  name: string | null,
  extra: { lines?: number[]; offer?: MoveOffer } = {}
): never {
  throw new Refused({ ok: false, code, reason, name, ...extra });
}

/** Names IPython gives every notebook that a module must import itself. */
const IPYTHON_NAMES = new Map([
  ['display', 'IPython.display.display'],
  ['get_ipython', 'IPython.get_ipython']
]);
/** Names that mean something else, or nothing, outside the notebook's `__main__`. */
const MAIN_ONLY = new Set(['__name__', '__file__', 'In', 'Out', '_', '__']);

// An f-string's value is a str, which no one can change in place (formatting it may run code:
// it is not inert).
const IMMUTABLE = new Set([...IMMUTABLE_VALUE_KINDS, 'FormatString']);

export function isImport(node: SyntaxNode): boolean {
  return node.name === 'ImportStatement';
}

/** Collects the closure from the definitions of the selected cells. */
export class ClosureWalker {
  constructor(
    private readonly flows: readonly ICellFlow[],
    private readonly selected: ReadonlySet<number>,
    private readonly parameters: ReadonlySet<string> = new Set()
  ) {}

  walk(start: IUnit[]): IClosure {
    const queue = this._queue;
    queue.push(...start);
    start.forEach(u => this._moved.set(u.name, u));
    while (queue.length > 0) {
      const unit = queue.shift()!;
      this._checkUnit(unit);
      unit.defReads.forEach(n => queue.push(...this._resolve(unit, n, true)));
      unit.bodyReads.forEach(n => queue.push(...this._resolve(unit, n, false)));
    }
    return {
      units: [...this._moved.values()],
      constants: [...this._constants.values()],
      imports: this._imports,
      dependencyCells: [...this._dependencyCells].sort((a, b) => a - b),
      params: this._params
    };
  }

  /** The moved definitions of one code cell. */
  static units(flow: ICellFlow, code: number): IUnit[] {
    const python = flow.analysis.ipython.python;
    // Four spaces a level in the module, whatever the cell used (tabs, two spaces).
    const again = reindenter(python);
    const reindented = (node: SyntaxNode) => {
      const first = python.slice(0, node.from).split('\n').length - 1;
      return python
        .slice(node.from, node.to)
        .trimEnd()
        .split('\n')
        .map((line, k) => again(first + k, line, 0))
        .join('\n');
    };
    return topStatements(flow.analysis).flatMap(node => {
      const name = definedName(node, python);
      if (name === null) {
        return [];
      }
      const facts = statementFacts(node, python);
      const def =
        node.name === 'DecoratedStatement'
          ? (node.getChild('FunctionDefinition') ??
            node.getChild('ClassDefinition'))
          : node;
      return [
        {
          name,
          code,
          text: reindented(node),
          isClass: def?.name === 'ClassDefinition',
          defReads: facts.reads.filter(n => n !== name),
          bodyReads: facts.late
        }
      ];
    });
  }

  private _checkUnit(unit: IUnit): void {
    const others = this._bindingCells(unit.name).filter(c => c !== unit.code);
    if (others.length > 0) {
      refuse(
        'rebound',
        `${unit.name} is bound again in cell ${this._cellIndex(others[0])}: ` +
          'the notebook would no longer use the moved one from there on',
        unit.name
      );
    }
    const flow = this.flows[unit.code];
    if (flow.analysis.deletedOuter.includes(unit.name)) {
      refuse('rebound', `a cell deletes ${unit.name}`, unit.name);
    }
    if (/^\s*(global)\s/m.test(unit.text)) {
      refuse(
        'writes-global',
        `${unit.name} declares a global: in a module it would rebind the module's name, ` +
          "not the notebook's",
        unit.name
      );
    }
  }

  /** What a moved definition needs of a name it reads; new units to walk. */
  private _resolve(unit: IUnit, name: string, whenDefined: boolean): IUnit[] {
    if (this._moved.has(name) || this._imports.has(name)) {
      return [];
    }
    if (MAIN_ONLY.has(name)) {
      refuse(
        'main-only',
        `${unit.name} reads ${name}, which only the notebook's __main__ has`,
        name
      );
    }
    const cells = this._bindingCells(name);
    if (cells.length === 0) {
      const ipython = IPYTHON_NAMES.get(name);
      if (ipython) {
        this._imports.set(name, ipython);
      } else if (this.flows.some(f => f.analysis.flags.starImport)) {
        refuse(
          'star-import',
          `${unit.name} reads ${name}, which may come from the notebook's "import *"`,
          name
        );
      }
      return [];
    }
    if (cells.length > 1) {
      return this._global(
        unit,
        name,
        whenDefined,
        `cell ${this._cellIndex(cells[1])} rebinds`
      );
    }
    const kind = this.flows[cells[0]].analysis.binds.get(name);
    if (kind === 'import') {
      this._import(cells[0], name);
      return [];
    }
    if (kind === 'def' || kind === 'class') {
      return this._dependency(unit, cells[0], name);
    }
    return this._constant(unit, cells[0], name, whenDefined);
  }

  private _import(code: number, name: string): void {
    const path = this.flows[code].analysis.imports.get(name) ?? name;
    if (path.startsWith('.')) {
      refuse(
        'relative-import',
        `${name} comes from a relative import, which means something else in a module`,
        name
      );
    }
    this._imports.set(name, path);
  }

  /** Another cell's function or class: its cell moves whole if it only defines and imports. */
  private _dependency(unit: IUnit, code: number, name: string): IUnit[] {
    if (this.selected.has(code)) {
      return [];
    }
    const flow = this.flows[code];
    const python = flow.analysis.ipython.python;
    const statements = topStatements(flow.analysis);
    const work = statements.find(
      s => !isImport(s) && definedName(s, python) === null
    );
    if (work || flow.analysis.ipython.magics.length > 0) {
      refuse(
        'dependency-cell',
        `${unit.name} uses ${name}, defined in cell ${flow.cell.index}, which also does ` +
          'other work: move that cell too, or its definitions first',
        name
      );
    }
    this._dependencyCells.add(code);
    const units = ClosureWalker.units(flow, code).filter(
      u => !this._moved.has(u.name)
    );
    units.forEach(u => this._moved.set(u.name, u));
    return units;
  }

  /** A global that is data: copied when it is an immutable literal bound once, else refused. */
  private _constant(
    unit: IUnit,
    code: number,
    name: string,
    whenDefined: boolean
  ): IUnit[] {
    if (this.parameters.has(name)) {
      // Asked for: a parameter even where a copy would do.
      return this._global(unit, name, whenDefined, 'is data');
    }
    const flow = this.flows[code];
    const python = flow.analysis.ipython.python;
    const binders = topStatements(flow.analysis).filter(s =>
      statementFacts(s, python).binds.includes(name)
    );
    const statement = binders.length === 1 ? binders[0] : null;
    const facts = statement ? statementFacts(statement, python) : null;
    const written = this.flows.some(f => f.analysis.lateWrites.has(name));
    if (
      !statement ||
      !facts ||
      written ||
      facts.binds.length !== 1 ||
      !isImmutableLiteral(statement)
    ) {
      return this._global(unit, name, whenDefined, 'is data');
    }
    const constant: IConstant = {
      name,
      code,
      text: python.slice(statement.from, statement.to).trimEnd(),
      reads: facts.reads
    };
    this._constants.set(name, constant);
    constant.reads.forEach(n =>
      this._queue.push(...this._resolve(unit, n, true))
    );
    return [];
  }

  private _global(
    unit: IUnit,
    name: string,
    whenDefined: boolean,
    why: string
  ): IUnit[] {
    if (!whenDefined && !unit.isClass && this.parameters.has(name)) {
      this._params.set(unit.name, [
        ...(this._params.get(unit.name) ?? []),
        name
      ]);
      return [];
    }
    const saying =
      why === 'is data' ? 'which is data' : `which ${why} it later`;
    if (whenDefined) {
      refuse(
        'definition-state',
        `a decorator, default or base of ${unit.name} reads the notebook global ${name}, ${saying}`,
        name
      );
    }
    refuse(
      'reads-global',
      `${unit.name} reads the notebook global ${name}, ${saying}: ` +
        `make ${name} a keyword parameter of ${unit.name}`,
      name,
      unit.isClass
        ? {}
        : { offer: { kind: 'parameter', function: unit.name, name } }
    );
  }

  /** Code-cell positions of the cells that bind a name at their top level. */
  private _bindingCells(name: string): number[] {
    const out: number[] = [];
    this.flows.forEach((f, i) => {
      if (f.analysis.binds.has(name)) {
        out.push(i);
      }
    });
    return out;
  }

  private _cellIndex(code: number): number {
    return this.flows[code].cell.index;
  }

  private _queue: IUnit[] = [];
  private _params = new Map<string, string[]>();
  private _moved = new Map<string, IUnit>();
  private _constants = new Map<string, IConstant>();
  private _imports = new Map<string, string>();
  private _dependencyCells = new Set<number>();
}

/** `N = 3`, `NAME = ('a', 2 * K)`: a value no one can change in place. */
function isImmutableLiteral(statement: SyntaxNode): boolean {
  return onlyKinds(statement, IMMUTABLE);
}

/** 1-based lines a statement spans within its cell. */
export function statementLines(python: string, node: SyntaxNode): number[] {
  const first = lineOf(python, node.from);
  const last = lineOf(python, python.slice(0, node.to).trimEnd().length);
  return Array.from({ length: last - first + 1 }, (_, k) => first + k);
}
