import type { TranslationBundle } from '@jupyterlab/translation';
import type { IExtractRefusal } from '../analysis/index.js';

/** Why a cell can't become a function, in the user's language. */
export function refusalText(
  trans: TranslationBundle,
  refusal: IExtractRefusal
): string {
  const name = refusal.name ?? '';
  switch (refusal.code) {
    case 'cell-magic':
      return trans.__(
        'The cell runs the cell magic %1: it is not plain Python code, so it cannot become a function.',
        `%%${name}`
      );
    case 'syntax-error':
      return trans.__(
        'Syntax error on line %1: fix it before extracting.',
        refusal.line ?? 0
      );
    case 'top-level-return':
      return trans.__(
        '`return` at the top level of the cell has no function to return from.'
      );
    case 'top-level-yield':
      return trans.__(
        '`yield` at the top level of the cell would turn the function into a generator.'
      );
    case 'star-import':
      return trans.__(
        '`import *` binds names nobody can see, so the parameters and results cannot be worked out.'
      );
    case 'scope-statement':
      return trans.__(
        '`nonlocal`, or `global` inside a block, would change meaning inside a function.'
      );
    case 'namespace-magic':
      return trans.__(
        "%1 runs its code in the notebook's namespace, where the function's local names do not exist.",
        `%${name}`
      );
    case 'time-binds':
      return trans.__(
        "%time runs its statement in a copy of the function's local names: `%1` would not be bound.",
        name
      );
    case 'only-imports':
      return trans.__(
        'The cell only imports modules: there is nothing to put in a function.'
      );
    case 'empty':
      return trans.__('The cell has no code to extract.');
    case 'only-definitions':
      return trans.__(
        'The cell only defines functions and classes: they are reusable as they are, call them from other cells.'
      );
    case 'def-depends':
      return trans.__(
        "`%1` is used outside this cell, so it must stay at module level, but what it evaluates when defined (decorators, defaults, its class body) depends on the cell's earlier lines.",
        name
      );
    case 'def-rebound':
      return trans.__(
        '`%1` is used outside this cell, so it must stay at module level, but the cell binds the name again.',
        name
      );
    case 'bound-by-name':
      return trans.__(
        "`%1` is spelled in a string on line %2 and read after it: that call may bind it by name in its caller's namespace, which in a function binds nothing its code can read.",
        name,
        refusal.line ?? 0
      );
  }
}
