import { executionEvents } from './executions.js';
import { cellStatus, shownTests, TestsModel } from './model.js';

const reasons = { cellFailed: 'cell failed', interrupted: 'interrupted' };

function passedRun(model: TestsModel, cellId: string, source: string) {
  model.stamp(cellId, source);
  model.start([cellId]);
  model.apply({ kind: 'plan', cell: cellId, tests: ['cell'] });
  model.apply({
    kind: 'result',
    cell: cellId,
    name: 'cell',
    outcome: 'passed'
  });
  model.apply({ kind: 'end', cell: cellId, interrupted: false });
  model.finish();
}

describe('results belong to their source and kernel', () => {
  const cell = (source: string) => ({
    cellId: 'a',
    reason: 'asserts' as const,
    index: 0,
    source,
    planned: ['cell'],
    title: source
  });

  it('before any run, counts the planned tests the list shows as not run', () => {
    const model = new TestsModel();
    model.setCells([
      cell('assert 1'),
      {
        cellId: 'b',
        reason: 'test-functions',
        index: 1,
        source: 'def test_a(): pass\ndef test_b(): pass',
        planned: ['test_a', 'test_b']
      }
    ]);
    expect(model.counts()).toEqual({
      passed: 0,
      failed: 0,
      error: 0,
      notrun: 3
    });
    expect(shownTests(model.cell('b')!).map(t => t.name)).toEqual([
      'test_a',
      'test_b'
    ]);
  });

  it('an edited cell is no longer passed; its old source back, it is again', () => {
    const model = new TestsModel();
    model.setCells([cell('assert 1')]);
    passedRun(model, 'a', 'assert 1');
    expect(cellStatus(model.cell('a')!)).toBe('passed');
    model.setCells([cell('assert 2')]);
    expect(model.cell('a')!.stale).toBe('edited');
    expect(cellStatus(model.cell('a')!)).toBe('notrun');
    expect(shownTests(model.cell('a')!)).toEqual([
      { name: 'cell', outcome: 'notrun', was: 'passed' }
    ]);
    expect(model.counts().passed).toBe(0);
    expect(model.failedCellIds()).toEqual(['a']);
    model.setCells([cell('assert 1')]);
    expect(cellStatus(model.cell('a')!)).toBe('passed');
  });

  it('after a new kernel, results are from an earlier one until run again', () => {
    const model = new TestsModel();
    model.setCells([cell('assert 1')]);
    passedRun(model, 'a', 'assert 1');
    model.newKernel();
    expect(model.cell('a')!.stale).toBe('kernel');
    expect(model.counts()).toMatchObject({ passed: 0, notrun: 1 });
    passedRun(model, 'a', 'assert 1');
    expect(model.cell('a')!.stale).toBeNull();
    expect(model.counts()).toMatchObject({ passed: 1, notrun: 0 });
  });

  it('after a new kernel, a known failure stays failed, not "not run"', () => {
    const model = new TestsModel();
    model.setCells([cell('assert 0')]);
    model.stamp('a', 'assert 0');
    model.start(['a']);
    model.apply({ kind: 'plan', cell: 'a', tests: ['cell'] });
    model.apply({ kind: 'result', cell: 'a', name: 'cell', outcome: 'failed' });
    model.apply({ kind: 'end', cell: 'a', interrupted: false });
    model.finish();
    model.newKernel();
    expect(model.counts()).toMatchObject({ failed: 1, notrun: 0 });
    expect(cellStatus(model.cell('a')!)).toBe('failed');
    expect(shownTests(model.cell('a')!)[0]).toMatchObject({
      outcome: 'failed',
      earlier: true
    });
  });
});

describe('executionEvents', () => {
  it('a cell that is one test passes or fails with the notebook run', () => {
    expect(executionEvents('a', ['cell'], { success: true }, reasons)).toEqual([
      { kind: 'plan', cell: 'a', tests: ['cell'] },
      { kind: 'result', cell: 'a', name: 'cell', outcome: 'passed' },
      { kind: 'end', cell: 'a', interrupted: false }
    ]);
    const failed = executionEvents(
      'a',
      ['cell'],
      { success: false, errorName: 'AssertionError', errorValue: '' },
      reasons
    );
    expect(failed![1]).toMatchObject({
      outcome: 'failed',
      message: 'assert failed'
    });
    const error = executionEvents(
      'a',
      ['cell'],
      { success: false, errorName: 'NameError', errorValue: "name 'x'" },
      reasons
    );
    expect(error![1]).toMatchObject({
      outcome: 'error',
      message: "NameError: name 'x'"
    });
  });

  it('test functions wait to be called; an aborted run says nothing', () => {
    expect(
      executionEvents('a', ['test_x'], { success: true }, reasons)
    ).toBeNull();
    expect(
      executionEvents('a', ['cell'], { success: false }, reasons)
    ).toBeNull();
    const setUp = executionEvents(
      'a',
      ['test_x'],
      { success: false, errorName: 'ValueError', errorValue: 'bad' },
      reasons
    )!;
    expect(setUp.slice(1, 3)).toEqual([
      {
        kind: 'result',
        cell: 'a',
        name: 'cell (set-up)',
        outcome: 'error',
        message: 'ValueError: bad'
      },
      {
        kind: 'result',
        cell: 'a',
        name: 'test_x',
        outcome: 'notrun',
        message: 'cell failed'
      }
    ]);
  });
});

describe('stale results that did not run', () => {
  it('keep their reason, with nothing said of what they were', () => {
    const model = new TestsModel();
    model.setCells([
      {
        cellId: 'a',
        reason: 'asserts',
        index: 0,
        source: 's',
        planned: ['cell']
      }
    ]);
    model.stamp('a', 's');
    model.start(['a']);
    model.abort('not run: kernel died');
    model.newKernel();
    expect(shownTests(model.cell('a')!)).toEqual([
      { name: 'cell', outcome: 'notrun', message: 'not run: kernel died' }
    ]);
  });
});
