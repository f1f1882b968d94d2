import { cellStatus, TestsModel } from './model.js';
import { installCode, parseEvent, runCode } from './protocol.js';
import { RUNNER_SOURCE } from './runnerSource.js';
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';

const found = [
  { cellId: 'a', reason: 'test-functions' as const, index: 1 },
  { cellId: 'b', reason: 'asserts' as const, index: 3 }
];

describe('TestsModel', () => {
  it('says where a move took tests until dismissed, and views hear of it', () => {
    const model = new TestsModel();
    let heard = 0;
    model.stateChanged.connect(() => heard++);
    expect(model.moved).toBeNull();
    model.moved = { count: 3, path: 'test_mlutils.py' };
    expect(model.moved).toEqual({ count: 3, path: 'test_mlutils.py' });
    model.moved = null;
    expect(heard).toBe(2);
  });

  it('follows a run from plan to results, marking the next test running', () => {
    const model = new TestsModel();
    model.setCells(found);
    model.start(['a']);
    expect(model.cell('a')!.state).toBe('queued');
    expect(cellStatus(model.cell('a')!)).toBe('running');
    model.apply({ kind: 'plan', cell: 'a', tests: ['test_x', 'test_y'] });
    expect(model.cell('a')!.tests.map(t => t.outcome)).toEqual([
      'running',
      'pending'
    ]);
    model.apply({
      kind: 'result',
      cell: 'a',
      name: 'test_x',
      outcome: 'failed',
      message: 'assert 1 == 2',
      compared: { op: '==', left: '1', right: '2' }
    });
    expect(model.cell('a')!.tests.map(t => t.outcome)).toEqual([
      'failed',
      'running'
    ]);
    model.apply({
      kind: 'result',
      cell: 'a',
      name: 'test_y',
      outcome: 'passed'
    });
    model.apply({ kind: 'end', cell: 'a', interrupted: false });
    model.finish();
    expect(model.running).toBe(false);
    // Cell b never ran: its one planned test counts as not run, as the panel lists it.
    expect(model.counts()).toEqual({
      passed: 1,
      failed: 1,
      error: 0,
      notrun: 1
    });
    expect(model.counts('a').notrun).toBe(0);
    expect(cellStatus(model.cell('a')!)).toBe('failed');
    expect(model.failedCellIds()).toEqual(['a']);
    expect(cellStatus(model.cell('b')!)).toBe('notrun');
  });

  it('marks what was not reported when the kernel dies, and keeps what was', () => {
    const model = new TestsModel();
    model.setCells(found);
    model.start(['a', 'b']);
    model.apply({ kind: 'plan', cell: 'a', tests: ['test_x', 'test_slow'] });
    model.apply({
      kind: 'result',
      cell: 'a',
      name: 'test_x',
      outcome: 'passed'
    });
    model.abort('not run: kernel died');
    expect(model.cell('a')!.tests).toEqual([
      { name: 'test_x', outcome: 'passed' },
      { name: 'test_slow', outcome: 'notrun', message: 'not run: kernel died' }
    ]);
    expect(model.cell('b')!.tests).toEqual([
      { name: 'cell', outcome: 'notrun', message: 'not run: kernel died' }
    ]);
    expect(model.running).toBe(false);
    expect(model.failedCellIds()).toEqual(['a', 'b']);
  });

  it('keeps results of cells still detected and drops the others', () => {
    const model = new TestsModel();
    model.setCells(found);
    model.start(['b']);
    model.apply({ kind: 'plan', cell: 'b', tests: ['cell'] });
    model.apply({ kind: 'result', cell: 'b', name: 'cell', outcome: 'passed' });
    let changes = 0;
    model.stateChanged.connect(() => changes++);
    model.setCells([{ cellId: 'b', reason: 'asserts', index: 0 }]);
    expect(model.cells.map(c => [c.cellId, c.index, c.tests.length])).toEqual([
      ['b', 0, 1]
    ]);
    model.setCells([{ cellId: 'b', reason: 'asserts', index: 0 }]);
    expect(changes).toBe(1);
  });
});

describe('protocol', () => {
  it('parses runner events and rejects anything else', () => {
    expect(parseEvent({ kind: 'plan', cell: 'a', tests: ['t', 3] })).toEqual({
      kind: 'plan',
      cell: 'a',
      tests: ['t']
    });
    expect(
      parseEvent({ kind: 'result', cell: 'a', name: 't', outcome: 'weird' })
    ).toBeNull();
    expect(parseEvent('text')).toBeNull();
    expect(parseEvent(null)).toBeNull();
  });

  it('builds code that binds nothing in the user namespace', () => {
    expect(installCode('x = 1')).toMatch(/^exec\(".*", \{\}\)$/s);
    expect(runCode('assert a == "b"\n', 'id-1', 30)).toBe(
      '__import__("_jupyterlab_sane_runner").run_published("assert a == \\"b\\"\\n", "id-1", timeout=30)'
    );
  });

  it('loads the runner in CPython from the code the kernel receives', () => {
    const code = `${installCode()}\nimport sys\nprint(sys.modules["_jupyterlab_sane_runner"].MIME)`;
    const out = execFileSync('python3', ['-c', code], { encoding: 'utf8' });
    expect(out.trim()).toBe('application/vnd.jupyterlab-sane.test-event+json');
  });

  it('sends the runner as it is in jupyterlab_sane/testing/testrunner.py', () => {
    const file = readFileSync(
      join(__dirname, '../../jupyterlab_sane/testing/testrunner.py'),
      'utf8'
    );
    expect(RUNNER_SOURCE).toBe(file);
  });
});
