import { nullTranslator } from '@jupyterlab/translation';
import { differenceOf } from './view';

const trans = nullTranslator.load('jupyterlab_sane');
const d = (label: string, mine: string, theirs: string) => ({
  label,
  mine,
  theirs
});

describe('differenceOf', () => {
  it('words the names and values that differ from a copy', () => {
    expect(
      differenceOf([d('lr', '0.1', '0.05'), d('epochs', '3', '5')], trans)
    ).toBe('differs in: lr 0.1 / 0.05, epochs 3 / 5');
    expect(differenceOf([d('', 'model', 'clf')], trans)).toBe(
      'differs in: model / clf'
    );
  });

  it('counts what it leaves out', () => {
    const many = Array.from({ length: 8 }, (_, i) => d('', `a${i}`, `b${i}`));
    expect(differenceOf(many, trans)).toMatch(/b5, and 2 more$/);
  });
});
