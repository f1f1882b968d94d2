import { SyntaxNode } from '@lezer/common';
import {
  BindKind,
  CellFrame,
  ClassFrame,
  ComprehensionFrame,
  FlowState,
  FunctionFrame,
  IFrame,
  IPassedUp,
  replay
} from './frames.js';
import { children, lineOf } from './parse.js';

/** What one walk of a cell's top level finds, besides the frame's reads and binds. */
export interface IWalkFlags {
  /** 1-based lines of constructs that make a cell unsafe to extract. */
  topLevelReturn: number | null;
  topLevelYield: number | null;
  starImport: number | null;
  /** A `nonlocal`, or a `global` inside a block: no function can take it as it is. */
  scopeStatement: number | null;
  topLevelAwait: boolean;
}

/** A `global` statement at the top of a cell: a no-op there, moved into the new function. */
export interface ITopGlobal {
  names: string[];
  from: number;
  to: number;
}

const COMPREHENSIONS = new Set([
  'ArrayComprehensionExpression',
  'ComprehensionExpression',
  'SetComprehensionExpression',
  'DictionaryComprehensionExpression'
]);
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', ';']);

/**
 * Walks a cell's syntax tree, telling the frames what each construct reads and binds, in the
 * order Python runs it. One instance walks one cell.
 */
export class ScopeWalker {
  /**
   * `bodies`: what each function body passed up, by the offset of its `def` (see `_def`),
   * shared by the walks of one parse: walked once, a body is replayed after.
   */
  constructor(
    private readonly _source: string,
    private readonly _bodies?: Map<number, IPassedUp>
  ) {}

  /** Names the cell's top level binds by import, with the dotted path they refer to. */
  readonly imports = new Map<string, string>();

  /** `global` statements among the cell's top-level statements. */
  readonly topGlobals: ITopGlobal[] = [];

  readonly flags: IWalkFlags = {
    topLevelReturn: null,
    topLevelYield: null,
    starImport: null,
    scopeStatement: null,
    topLevelAwait: false
  };

  /** Walks the statements of a `Script` or `Body` node. */
  statements(node: SyntaxNode | null | undefined, frame: IFrame): void {
    // Broken code may lack any part of a statement: every walk tolerates a missing node.
    for (let child = node?.firstChild; child; child = child.nextSibling) {
      this.statement(child, frame);
    }
  }

  /** Walks one expression: reads, walrus bindings, nested scopes. */
  expr(node: SyntaxNode | null | undefined, frame: IFrame): void {
    if (!node) {
      return;
    }
    switch (node.name) {
      case 'VariableName':
        frame.read(this._text(node));
        return;
      case 'String':
      case 'Number':
      case 'Comment':
      case 'PropertyName':
        return;
      case 'ArgList':
        this._args(node, frame);
        return;
      case 'LambdaExpression':
        this._lambda(node, frame);
        return;
      case 'NamedExpression':
        this._walrus(node, frame);
        return;
      case 'AwaitExpression':
        this._markTop(frame, 'await', node);
        break;
      case 'YieldExpression':
        this._markTop(frame, 'yield', node);
        break;
    }
    if (COMPREHENSIONS.has(node.name)) {
      this._comprehension(children(node), frame);
      return;
    }
    for (let child = node.firstChild; child; child = child.nextSibling) {
      this.expr(child, frame);
    }
  }

  /** Walks one statement. */
  statement(node: SyntaxNode, frame: IFrame): void {
    switch (node.name) {
      case 'AssignStatement':
        return this._assign(node, frame);
      case 'UpdateStatement':
        return this._update(node, frame);
      case 'DeleteStatement':
        return this._delete(node, frame);
      case 'ImportStatement':
        return this._import(node, frame);
      case 'ScopeStatement':
        return this._scope(node, frame);
      case 'StatementGroup':
        return this.statements(node, frame);
      case 'IfStatement':
        return this._if(node, frame);
      case 'WhileStatement':
      case 'ForStatement':
        return this._loop(node, frame);
      case 'TryStatement':
        return this._try(node, frame);
      case 'WithStatement':
        return this._with(node, frame);
      case 'MatchStatement':
        return this._match(node, frame);
      case 'FunctionDefinition':
        return this._def(node, frame);
      case 'ClassDefinition':
        return this._class(node, frame);
      case 'DecoratedStatement':
        return this._decorated(node, frame);
      case 'TypeDefinition':
        return this._typeAlias(node, frame);
      case 'ReturnStatement':
        this._markTop(frame, 'return', node);
        break;
      case 'YieldStatement':
        this._markTop(frame, 'yield', node);
        break;
      case ';':
      case 'Comment':
        return;
    }
    this.expr(node, frame);
  }

  // --- simple statements --------------------------------------------------------------------

  private _assign(node: SyntaxNode, frame: IFrame): void {
    const parts = children(node);
    const ops = parts.flatMap((p, i) => (p.name === 'AssignOp' ? [i] : []));
    const annotation = parts.find(p => p.name === 'TypeDef');
    if (ops.length === 0) {
      // `x: int` binds nothing; the annotation is evaluated.
      if (annotation) {
        this.expr(annotation, frame);
      }
      return;
    }
    const last = ops[ops.length - 1];
    parts.slice(last + 1).forEach(p => this.expr(p, frame));
    if (annotation) {
      this.expr(annotation, frame);
    }
    let start = 0;
    for (const op of ops) {
      this._targets(
        parts.slice(start, op).filter(p => p.name !== 'TypeDef'),
        frame
      );
      start = op + 1;
    }
  }

  /** Binds assignment targets: names, tuples, lists, starred; attributes and items only read. */
  private _targets(
    nodes: SyntaxNode[],
    frame: IFrame,
    kind: BindKind = 'data'
  ): void {
    for (const node of nodes) {
      switch (node.name) {
        case 'VariableName':
          frame.bind(this._text(node), kind);
          break;
        case 'TupleExpression':
        case 'ArrayExpression':
        case 'ParenthesizedExpression':
          this._targets(children(node), frame, kind);
          break;
        case '*':
        case ',':
        case '(':
        case ')':
        case '[':
        case ']':
          break;
        default:
          this.expr(node, frame);
      }
    }
  }

  private _update(node: SyntaxNode, frame: IFrame): void {
    const [target, , ...values] = children(node);
    values.forEach(v => this.expr(v, frame));
    if (target.name === 'VariableName') {
      const name = this._text(target);
      frame.read(name);
      frame.bind(name, 'data');
    } else {
      this.expr(target, frame);
    }
  }

  private _delete(node: SyntaxNode, frame: IFrame): void {
    const visit = (n: SyntaxNode): void => {
      if (n.name === 'VariableName') {
        frame.unbind(this._text(n));
      } else if (
        n.name === 'TupleExpression' ||
        n.name === 'ArrayExpression' ||
        n.name === 'ParenthesizedExpression'
      ) {
        children(n).forEach(visit);
      } else if (!PUNCTUATION.has(n.name)) {
        this.expr(n, frame);
      }
    };
    children(node).slice(1).forEach(visit);
  }

  private _import(node: SyntaxNode, frame: IFrame): void {
    const parts = children(node);
    const isFrom = parts[0].name === 'from';
    const importAt = parts.findIndex(p => p.name === 'import');
    // `from a.b import c`: the module is a.b (relative imports have no module path here).
    const fromModule = isFrom
      ? parts
          .slice(1, importAt)
          .filter(p => p.name === 'VariableName')
          .map(p => this._text(p))
          .join('.')
      : '';
    let item: SyntaxNode[] = [];
    const flush = () => {
      const names = item.filter(p => p.name === 'VariableName');
      if (names.length > 0) {
        const alias = item.some(p => p.name === 'as');
        const bound = this._text(
          alias || isFrom ? names[names.length - 1] : names[0]
        );
        frame.bind(bound, 'import');
        const dotted = names
          .slice(0, alias ? -1 : undefined)
          .map(n => this._text(n))
          .join('.');
        if (frame instanceof CellFrame) {
          // What the bound name refers to: `np` -> numpy, `DataFrame` -> pandas.DataFrame.
          this.imports.set(
            bound,
            isFrom
              ? `${fromModule}.${dotted}`
              : alias
                ? dotted
                : dotted.split('.')[0]
          );
        }
      }
      item = [];
    };
    for (const part of parts.slice(importAt + 1)) {
      if (part.name === '*') {
        this.flags.starImport ??= this._line(part);
      } else if (part.name === ',') {
        flush();
      } else {
        item.push(part);
      }
    }
    flush();
  }

  private _scope(node: SyntaxNode, frame: IFrame): void {
    if (frame instanceof FunctionFrame) {
      for (const name of children(node).filter(
        n => n.name === 'VariableName'
      )) {
        frame.declaredOuter.add(this._text(name));
      }
    } else if (frame instanceof CellFrame) {
      const names = children(node)
        .filter(n => n.name === 'VariableName')
        .map(n => this._text(n));
      if (
        node.parent?.name === 'Script' &&
        node.firstChild?.name === 'global'
      ) {
        this.topGlobals.push({ names, from: node.from, to: node.to });
      } else {
        this.flags.scopeStatement ??= this._line(node);
      }
    }
  }

  private _typeAlias(node: SyntaxNode, frame: IFrame): void {
    const name = node.getChild('VariableName');
    const value = node.lastChild;
    if (value && value !== name) {
      // The value of `type X = ...` is evaluated lazily, like a function body.
      const lazy = new FunctionFrame(frame);
      this.expr(value, lazy);
      lazy.close();
    }
    if (name) {
      frame.bind(this._text(name), 'data');
    }
  }

  // --- compound statements ------------------------------------------------------------------

  private _if(node: SyntaxNode, frame: IFrame): void {
    const outs: FlowState[] = [];
    let hasElse = false;
    for (const part of children(node)) {
      if (part.name === 'else') {
        hasElse = true;
      } else if (part.name === 'Body') {
        const before = frame.save();
        this.statements(part, frame);
        outs.push(frame.save());
        frame.restore(before);
      } else if (part.name !== 'if' && part.name !== 'elif') {
        this.expr(part, frame);
      }
    }
    if (!hasElse) {
      outs.push(frame.save());
    }
    frame.merge(outs);
  }

  /** `for` and `while`: the body may run zero times; `else` runs unless a `break` left. */
  private _loop(node: SyntaxNode, frame: IFrame): void {
    const parts = children(node);
    const isFor = parts.some(p => p.name === 'for');
    if (parts[0].name === 'async') {
      this._markTop(frame, 'await', node);
    }
    const body = parts.findIndex(p => p.name === 'Body');
    const inAt = parts.findIndex(p => p.name === 'in');
    if (isFor) {
      parts.slice(inAt + 1, body).forEach(p => this.expr(p, frame));
    } else {
      parts.slice(1, body).forEach(p => this.expr(p, frame));
    }
    const entry = frame.save();
    if (isFor) {
      this._targets(
        parts.slice(parts.findIndex(p => p.name === 'for') + 1, inAt),
        frame
      );
    }
    this.statements(parts[body], frame);
    frame.restore(entry);
    const orElse = parts.slice(body + 1).find(p => p.name === 'Body');
    if (orElse) {
      this.statements(orElse, frame);
      if (Private.hasBreak(parts[body])) {
        frame.merge([entry, frame.save()]);
      }
    }
  }

  private _try(node: SyntaxNode, frame: IFrame): void {
    const parts = children(node);
    const entry = frame.save();
    const outs: FlowState[] = [];
    let i = 0;
    let finallyBody: SyntaxNode | null = null;
    let sawHandler = false;
    while (i < parts.length) {
      const part = parts[i];
      if (part.name === 'try') {
        this.statements(parts[++i], frame);
      } else if (part.name === 'except') {
        sawHandler = true;
        const afterBody = frame.save();
        frame.restore(entry);
        i = this._handler(parts, i + 1, frame);
        outs.push(frame.save());
        frame.restore(afterBody);
      } else if (part.name === 'else') {
        this.statements(parts[++i], frame);
      } else if (part.name === 'finally') {
        finallyBody = parts[++i];
      }
      i++;
    }
    if (sawHandler) {
      frame.merge([frame.save(), ...outs]);
    }
    if (finallyBody) {
      this.statements(finallyBody, frame);
    }
  }

  /** One `except` clause from its first part; returns the index of its body. */
  private _handler(parts: SyntaxNode[], start: number, frame: IFrame): number {
    let i = start;
    let name: string | null = null;
    for (; i < parts.length && parts[i].name !== 'Body'; i++) {
      const part = parts[i];
      if (
        (part.name === 'as' || part.name === ',') &&
        parts[i + 1]?.name === 'VariableName'
      ) {
        name = this._text(parts[++i]);
      } else if (part.name !== '*') {
        this.expr(part, frame);
      }
    }
    const prior =
      name && frame instanceof CellFrame ? frame.binds.get(name) : undefined;
    if (name) {
      frame.bind(name, 'data');
    }
    this.statements(parts[i], frame);
    if (name) {
      // Python deletes the `as` name when the handler ends.
      frame.restore(Private.without(frame.save(), name));
      if (frame instanceof CellFrame) {
        frame.forget(name, prior);
      }
    }
    return i;
  }

  private _with(node: SyntaxNode, frame: IFrame): void {
    const parts = children(node);
    if (parts[0].name === 'async') {
      this._markTop(frame, 'await', node);
    }
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part.name === 'Body') {
        this.statements(part, frame);
      } else if (part.name === 'as' && parts[i + 1]) {
        this._targets([parts[++i]], frame);
      } else if (!['async', 'with', ','].includes(part.name)) {
        this.expr(part, frame);
      }
    }
  }

  private _match(node: SyntaxNode, frame: IFrame): void {
    const parts = children(node);
    const matchBody = parts.find(p => p.name === 'MatchBody');
    parts
      .filter(p => p !== matchBody && p.name !== 'match' && p.name !== '*')
      .forEach(p => this.expr(p, frame));
    const entry = frame.save();
    const outs: FlowState[] = [];
    let exhaustive = false;
    for (const clause of matchBody
      ? matchBody.getChildren('MatchClause')
      : []) {
      frame.restore(entry);
      const clauseParts = children(clause);
      const patterns = clauseParts.filter(
        p => !['case', ',', 'Guard', 'Body'].includes(p.name)
      );
      patterns.forEach(p => this._pattern(p, frame));
      const guard = clause.getChild('Guard');
      if (guard) {
        this.expr(guard, frame);
      } else if (
        patterns.length === 1 &&
        patterns[0].name === 'CapturePattern'
      ) {
        exhaustive = true;
      }
      const body = clause.getChild('Body');
      if (body) {
        this.statements(body, frame);
      }
      outs.push(frame.save());
    }
    if (!exhaustive) {
      outs.push(entry);
    }
    frame.merge(outs);
  }

  private _pattern(node: SyntaxNode, frame: IFrame): void {
    switch (node.name) {
      case 'CapturePattern': {
        const name = this._text(node);
        if (name !== '_') {
          frame.bind(name, 'data');
        }
        return;
      }
      case 'AsPattern': {
        const parts = children(node);
        this._pattern(parts[0], frame);
        frame.bind(this._text(parts[parts.length - 1]), 'data');
        return;
      }
      case 'AttributePattern':
      case 'VariableName':
        frame.read(
          this._text(node.name === 'VariableName' ? node : node.firstChild!)
        );
        return;
      case 'KeywordPattern':
        this._pattern(node.lastChild!, frame);
        return;
      case 'MappingPattern': {
        const parts = children(node);
        parts.forEach((part, i) => {
          if (parts[i + 1]?.name === ':') {
            if (
              part.name === 'VariableName' ||
              part.name === 'AttributePattern'
            ) {
              this._pattern(part, frame);
            }
          } else {
            this._pattern(part, frame);
          }
        });
        return;
      }
      case 'LiteralPattern':
        return;
    }
    for (let child = node.firstChild; child; child = child.nextSibling) {
      this._pattern(child, frame);
    }
  }

  // --- definitions --------------------------------------------------------------------------

  private _decorated(node: SyntaxNode, frame: IFrame): void {
    const decorators = node.getChildren('Decorator');
    for (const decorator of decorators) {
      // `@a.b(c)`: only `a` and the arguments are read; `b` is an attribute.
      const first = decorator.getChild('VariableName');
      if (first) {
        frame.read(this._text(first));
      }
      const args = decorator.getChild('ArgList');
      if (args) {
        this._args(args, frame);
      }
    }
    const def = node.getChild('FunctionDefinition');
    const cls = node.getChild('ClassDefinition');
    if (def) {
      this._def(def, frame);
    } else if (cls) {
      this._class(cls, frame);
    }
  }

  private _def(node: SyntaxNode, frame: IFrame): void {
    // One pass over the children, not one `getChild` each: every definition of every cell.
    let name: SyntaxNode | null = null;
    let params: SyntaxNode | null = null;
    let returns: SyntaxNode | null = null;
    let body: SyntaxNode | null = null;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      switch (child.name) {
        case 'VariableName':
          name ??= child;
          break;
        case 'ParamList':
          params ??= child;
          break;
        case 'TypeDef':
          returns ??= child;
          break;
        case 'Body':
          body ??= child;
          break;
      }
    }
    const inner = new FunctionFrame(frame);
    if (params) {
      this._params(params, frame, inner);
    }
    if (returns) {
      this.expr(returns, frame);
      this.expr(returns, inner);
    }
    // What the body passes up depends on the def's own text alone: a walk of the same parse
    // that met it already (the cell's, before any statement's) tells it without a walk.
    const known = this._bodies?.get(node.from);
    if (known) {
      replay(known, frame);
    } else {
      if (body) {
        this.statements(body, inner);
      }
      const up = inner.close();
      this._bodies?.set(node.from, up);
    }
    if (name) {
      frame.bind(this._text(name), 'def');
    }
  }

  private _class(node: SyntaxNode, frame: IFrame): void {
    const name = node.getChild('VariableName');
    const bases = node.getChild('ArgList');
    if (bases) {
      this._args(bases, frame);
    }
    const body = node.getChild('Body');
    if (body) {
      this.statements(body, new ClassFrame(frame));
    }
    if (name) {
      frame.bind(this._text(name), 'class');
    }
  }

  /**
   * Parameters: defaults and annotations are evaluated now, in the enclosing scope. Annotations
   * are read again later, by name in the function's globals: postponed (`from __future__ import
   * annotations`, strings) they are evaluated there by `typing.get_type_hints` and the like,
   * so they count as what the body reads when called too.
   */
  private _params(list: SyntaxNode, outer: IFrame, inner: FunctionFrame): void {
    const parts = children(list);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part.name === 'VariableName') {
        inner.bind(this._text(part));
      } else if (part.name === 'TypeDef') {
        this.expr(part, outer);
        this.expr(part, inner);
      } else if (part.name === 'AssignOp' && parts[i + 1]) {
        this.expr(parts[++i], outer);
      }
    }
  }

  private _lambda(node: SyntaxNode, frame: IFrame): void {
    const inner = new FunctionFrame(frame);
    const params = node.getChild('ParamList');
    if (params) {
      this._params(params, frame, inner);
    }
    const body = node.lastChild;
    if (body && body !== params && body.name !== ':') {
      this.expr(body, inner);
    }
    inner.close();
  }

  // --- expressions with scopes or bindings --------------------------------------------------

  private _walrus(node: SyntaxNode, frame: IFrame): void {
    const [target, , value] = children(node);
    if (value) {
      this.expr(value, frame);
    }
    if (target?.name === 'VariableName') {
      frame.walrusTarget().bind(this._text(target), 'data');
    }
  }

  /** Call arguments: `name=` is a keyword, not a read; a bare generator is a comprehension. */
  private _args(node: SyntaxNode, frame: IFrame): void {
    const parts = children(node);
    if (parts.some(p => p.name === 'for')) {
      // A bare generator is the call's only argument: `sum(x for x, y in pairs)`.
      this._comprehension(parts, frame);
      return;
    }
    let argument: SyntaxNode[] = [];
    const flush = () => {
      this._argument(argument, frame);
      argument = [];
    };
    for (const part of parts) {
      if (part.name === ',' || part.name === ')') {
        flush();
      } else if (part.name !== '(') {
        argument.push(part);
      }
    }
    flush();
  }

  private _argument(parts: SyntaxNode[], frame: IFrame): void {
    const op = parts[1]?.name === 'AssignOp' ? this._text(parts[1]) : null;
    if (op && parts[0].name === 'VariableName') {
      parts.slice(2).forEach(p => this.expr(p, frame));
      if (op === ':=') {
        frame.walrusTarget().bind(this._text(parts[0]), 'data');
      }
      return;
    }
    parts.forEach(p => this.expr(p, frame));
  }

  /**
   * `[element for targets in first if cond for ...]`: the first iterable is evaluated in the
   * enclosing scope; the rest in the comprehension's own scope.
   */
  private _comprehension(parts: SyntaxNode[], frame: IFrame): void {
    const inner = parts.filter(
      p => !['(', ')', '[', ']', '{', '}'].includes(p.name)
    );
    const firstFor = inner.findIndex(
      p => p.name === 'for' || p.name === 'async'
    );
    if (firstFor < 0) {
      inner.forEach(p => this.expr(p, frame));
      return;
    }
    const element = inner.slice(0, firstFor);
    const scope = new ComprehensionFrame(frame);
    let i = firstFor;
    let first = true;
    while (i < inner.length) {
      const part = inner[i];
      if (part.name === 'async') {
        this._markTop(frame, 'await', part);
        i++;
      } else if (part.name === 'for') {
        const inAt = inner.findIndex((p, k) => k > i && p.name === 'in');
        if (inAt < 0) {
          // Only in code with syntax errors.
          inner.slice(i + 1).forEach(p => this.expr(p, scope));
          break;
        }
        const iterable = inner[inAt + 1];
        this.expr(iterable, first ? frame : scope);
        first = false;
        this._targets(inner.slice(i + 1, inAt), scope);
        i = inAt + 2;
      } else if (part.name === 'if') {
        this.expr(inner[i + 1], scope);
        i += 2;
      } else {
        this.expr(part, scope);
        i++;
      }
    }
    element.forEach(p => this.expr(p, scope));
  }

  // --- helpers ------------------------------------------------------------------------------

  private _markTop(
    frame: IFrame,
    what: 'await' | 'return' | 'yield',
    node: SyntaxNode
  ): void {
    if (Private.insideFunction(frame)) {
      return;
    }
    if (what === 'await') {
      this.flags.topLevelAwait = true;
    } else if (what === 'return') {
      this.flags.topLevelReturn ??= this._line(node);
    } else {
      this.flags.topLevelYield ??= this._line(node);
    }
  }

  private _text(node: SyntaxNode): string {
    return this._source.slice(node.from, node.to);
  }

  private _line(node: SyntaxNode): number {
    return lineOf(this._source, node.from);
  }
}

namespace Private {
  export function insideFunction(frame: IFrame): boolean {
    for (
      let f: IFrame | null = frame;
      f;
      f = (f as { parent?: IFrame }).parent ?? null
    ) {
      if (f instanceof FunctionFrame) {
        return true;
      }
    }
    return false;
  }

  /** Whether a loop body has a `break` of its own (not one of a nested loop or function). */
  export function hasBreak(body: SyntaxNode): boolean {
    let found = false;
    const visit = (node: SyntaxNode): void => {
      for (
        let child = node.firstChild;
        child && !found;
        child = child.nextSibling
      ) {
        if (child.name === 'BreakStatement') {
          found = true;
        } else if (
          ![
            'WhileStatement',
            'ForStatement',
            'FunctionDefinition',
            'ClassDefinition'
          ].includes(child.name)
        ) {
          visit(child);
        }
      }
    };
    visit(body);
    return found;
  }

  export function without(state: FlowState, name: string): FlowState {
    if (state) {
      state.delete(name);
    }
    return state;
  }
}
