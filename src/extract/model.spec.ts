import { NotebookAnalyzer } from '../analysis/notebook';
import { ExtractModel } from './model';

function modelFor(sources: string[], at: number): ExtractModel {
  const cells = sources.map((source, index) => ({
    index,
    id: `c${index}`,
    cellType: 'code',
    source
  }));
  return new ExtractModel(new NotebookAnalyzer().analyze(cells)[at]);
}

const NOTEBOOK = [
  'data = [1, 2]\nscale = 3',
  '# rescale\nout = [d * scale for d in data]',
  'out'
];

describe('ExtractModel', () => {
  it('starts from the default plan', () => {
    const model = modelFor(NOTEBOOK, 1);
    expect(model.name).toBe('rescale');
    expect(model.parameters).toEqual(['data', 'scale']);
    expect(model.nameProblem).toBeNull();
    expect(model.canApply).toBe(true);
  });

  it('renames the function in the preview', () => {
    const model = modelFor(NOTEBOOK, 1);
    const changed = jest.fn();
    model.stateChanged.connect(changed);
    model.name = 'apply_scale';
    expect(changed).toHaveBeenCalled();
    const plan = model.plan;
    expect(plan.ok && plan.source).toContain('def apply_scale(data, scale):');
    expect(plan.ok && plan.source).toContain('out = apply_scale(data, scale)');
  });

  it('flags an invalid name and keeps the last good preview', () => {
    const model = modelFor(NOTEBOOK, 1);
    model.name = '2fast';
    expect(model.nameProblem).toBe('invalid');
    expect(model.canApply).toBe(false);
    expect(model.plan.ok && model.plan.source).toContain('def rescale(');
    model.name = 'class';
    expect(model.nameProblem).toBe('invalid');
  });

  it('flags a name the notebook already binds', () => {
    const model = modelFor(NOTEBOOK, 1);
    model.name = 'scale';
    expect(model.nameProblem).toBe('taken');
    expect(model.canApply).toBe(false);
  });

  it('keeps an unticked parameter global', () => {
    const model = modelFor(NOTEBOOK, 1);
    model.setIncluded('scale', false);
    expect(model.isIncluded('scale')).toBe(false);
    expect(model.plan.ok && model.plan.params).toEqual(['data']);
    expect(model.plan.ok && model.plan.source).toContain('out = rescale(data)');
    model.setIncluded('scale', true);
    expect(model.plan.ok && model.plan.params).toEqual(['data', 'scale']);
  });

  it('cannot apply a refused cell', () => {
    const model = modelFor(['%%bash\nls'], 0);
    expect(model.plan.ok).toBe(false);
    expect(model.canApply).toBe(false);
    expect(model.parameters).toEqual([]);
  });
});
