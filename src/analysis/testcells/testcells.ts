import { SyntaxNode } from '@lezer/common';
import { ICellAnalysis, topStatements } from '../core/index.js';
import { children } from '../core/index.js';

export interface ITestDetectionOptions {
  /** Cells tagged `test` hold tests. */
  tagged: boolean;
  /** Cells defining `test_*` functions hold tests. */
  testFunctions: boolean;
  /** Cells made mostly of asserts and test-helper calls hold tests. */
  asserts: boolean;
  /** Callee patterns of test helpers; `*` matches any dotted tail. Without a dot: the last name. */
  helperPatterns: readonly string[];
  /** The share of top-level statements that must be asserts or helper calls. */
  minAssertShare: number;
}

export const DEFAULT_TEST_DETECTION: ITestDetectionOptions = {
  tagged: true,
  testFunctions: true,
  asserts: true,
  helperPatterns: [
    'test_*',
    'assert_*',
    'np.testing.*',
    'numpy.testing.*',
    'pd.testing.*',
    'pandas.testing.*',
    'torch.testing.*'
  ],
  minAssertShare: 0.5
};

/** Why a cell holds tests, or null when it does not. */
export type TestReason = 'tag' | 'ipytest' | 'test-functions' | 'asserts';

export function detectTestCell(
  analysis: ICellAnalysis,
  tags: readonly string[] = [],
  options: ITestDetectionOptions = DEFAULT_TEST_DETECTION
): TestReason | null {
  if (options.tagged && tags.includes('test')) {
    return 'tag';
  }
  if (analysis.ipython.cellMagic === 'ipytest') {
    return 'ipytest';
  }
  if (analysis.syntaxErrorLine !== null) {
    return null;
  }
  const statements = topStatements(analysis);
  const python = analysis.ipython.python;
  if (
    options.testFunctions &&
    statements.some(s => Private.isTestFunction(s, python))
  ) {
    return 'test-functions';
  }
  if (options.asserts && statements.length > 0) {
    const matchers = Private.matchers(options.helperPatterns);
    const tests = statements.filter(s =>
      Private.isTestStatement(s, python, matchers)
    ).length;
    if (tests > 0 && tests / statements.length >= options.minAssertShare) {
      return 'asserts';
    }
  }
  return null;
}

/**
 * The tests the runner will report for a test cell, as far as its source says: its
 * `test_*` functions, or the cell itself (`cell`) when it has none.
 */
export function plannedTests(analysis: ICellAnalysis): string[] {
  if (analysis.syntaxErrorLine !== null) {
    return ['cell'];
  }
  const python = analysis.ipython.python;
  const names: string[] = [];
  for (const s of topStatements(analysis)) {
    const def =
      s.name === 'DecoratedStatement' ? s.getChild('FunctionDefinition') : s;
    if (def && Private.isTestFunction(s, python)) {
      const name = def.getChild('VariableName')!;
      names.push(python.slice(name.from, name.to));
    }
  }
  return names.length > 0 ? names : ['cell'];
}

/**
 * A short name for a cell that is one test (bare asserts): its first line that says
 * something, a comment's words without the `#`, cut to `max` characters; null when the
 * cell is empty.
 */
export function cellTitle(source: string, max = 40): string | null {
  const line = source
    .split('\n')
    .map(l => l.trim().replace(/^#+\s*/, ''))
    .find(l => l.length > 0 && !l.startsWith('%%'));
  if (!line) {
    return null;
  }
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

namespace Private {
  type Matcher = (callee: string) => boolean;

  /**
   * `def test_x():` with no required parameter: a test the runner can call. A `test_eq(a, b)`
   * is a helper that tests call, not a test.
   */
  export function isTestFunction(node: SyntaxNode, python: string): boolean {
    const def =
      node.name === 'DecoratedStatement'
        ? node.getChild('FunctionDefinition')
        : node;
    if (def?.name !== 'FunctionDefinition') {
      return false;
    }
    const name = def.getChild('VariableName');
    if (!name || !python.slice(name.from, name.to).startsWith('test_')) {
      return false;
    }
    const params = children(def.getChild('ParamList') ?? def);
    const required = (p: SyntaxNode, i: number) =>
      p.name === 'VariableName' &&
      !['*', '**'].includes(params[i - 1]?.name ?? '') &&
      params[i + 1]?.name !== 'AssignOp' &&
      !(
        params[i + 1]?.name === 'TypeDef' && params[i + 2]?.name === 'AssignOp'
      );
    return !params.some(required);
  }

  const compiled = new WeakMap<readonly string[], Matcher[]>();

  /** The patterns' matchers, compiled once per list of patterns. */
  export function matchers(patterns: readonly string[]): Matcher[] {
    let out = compiled.get(patterns);
    if (!out) {
      out = patterns.map(matcher);
      compiled.set(patterns, out);
    }
    return out;
  }

  function matcher(pattern: string): Matcher {
    const escaped = pattern
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[\\w.]*');
    const re = new RegExp(`^${escaped}$`);
    return pattern.includes('.')
      ? callee => re.test(callee)
      : callee => re.test(callee.slice(callee.lastIndexOf('.') + 1));
  }

  export function isTestStatement(
    node: SyntaxNode,
    python: string,
    matchers: Matcher[]
  ): boolean {
    if (node.name === 'AssertStatement') {
      return true;
    }
    if (node.name === 'StatementGroup') {
      let any = false;
      for (let child = node.firstChild; child; child = child.nextSibling) {
        any ||= isTestStatement(child, python, matchers);
      }
      return any;
    }
    const call = node.name === 'ExpressionStatement' ? node.firstChild : null;
    if (call?.name !== 'CallExpression' || !call.firstChild) {
      return false;
    }
    const callee = call.firstChild;
    if (callee.name !== 'VariableName' && callee.name !== 'MemberExpression') {
      return false;
    }
    const text = python.slice(callee.from, callee.to).replace(/\s+/g, '');
    return matchers.some(m => m(text));
  }
}
