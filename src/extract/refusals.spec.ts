import { extractAt } from '../testing/analysis';
import { trans } from '../testing';
import { refusalText } from './refusals';

/** Cells refused for each reason the analysis gives, with the cells before them. */
const REFUSED: [before: string[], cell: string][] = [
  [[], '%%bash\necho hi'],
  [[], 'x = (1,'],
  [[], 'return 1'],
  [[], 'yield 1'],
  [[], 'from math import *'],
  [[], 'if True:\n    global x\n    x = 1'],
  [['data = [1]'], '%prun sum(data)'],
  [['data = [1]'], '%time s = sum(data)'],
  [[], 'import os'],
  [[], '# nothing'],
  [[], 'def f():\n    return 1'],
  [['size = 1'], 'size = 2\ndef g(v=size):\n    return v\ng()'],
  [['T = 1'], "make('T')\nt = T()"]
];

describe('refusal reasons in the dialog', () => {
  it.each(REFUSED)(
    '%s / %s: the same words as the analysis gives',
    (before, cell) => {
      const plan = extractAt([...before, cell, 'g()'], before.length);
      if (plan.ok) {
        throw new Error(`extracted: ${cell}`);
      }
      expect(refusalText(trans, plan)).toBe(plan.reason);
    }
  );

  it('covers every kind of refusal met above', () => {
    const codes = new Set(
      REFUSED.map(([before, cell]) => {
        const plan = extractAt([...before, cell, 'g()'], before.length);
        return plan.ok ? 'extracted' : plan.code;
      })
    );
    expect(codes.size).toBe(REFUSED.length);
  });
});
