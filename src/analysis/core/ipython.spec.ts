import { transformIPython } from './ipython';

describe('transformIPython', () => {
  it.each([
    [
      '%matplotlib inline',
      "get_ipython().run_line_magic('matplotlib', 'inline')"
    ],
    ['!pip install numpy', "get_ipython().system('pip install numpy')"],
    ['files = !ls -la', "files = get_ipython().getoutput('ls -la')"],
    ['out = %env HOME', "out = get_ipython().run_line_magic('env', 'HOME')"],
    ['np.array?', "get_ipython().run_line_magic('pinfo', 'np.array')"],
    ['np.array??', "get_ipython().run_line_magic('pinfo2', 'np.array')"],
    ['?len', "get_ipython().run_line_magic('pinfo', 'len')"],
    ["!echo 'it''s'", "get_ipython().system('echo \\'it\\'\\'s\\'')"]
  ])('rewrites %s as IPython does', (source, python) => {
    expect(transformIPython(source).python).toBe(python);
  });

  it('analyses `%time stmt` as the statement, in place', () => {
    const t = transformIPython('if x:\n    %time y = f(x)');
    expect(t.python).toBe('if x:\n    y = f(x)');
    expect(t.magics).toEqual([
      {
        line: 1,
        endLine: 1,
        kind: 'magic',
        name: 'time',
        args: 'y = f(x)',
        // What the new function runs: IPython passes it the function's local names.
        call: "get_ipython().run_line_magic('time', 'y = f(x)')"
      }
    ]);
  });

  it('keeps `%timeit` code apart: it only reads', () => {
    const t = transformIPython('%timeit -n 10 -r 3 model.predict(X)');
    expect(t.readOnlyCode).toEqual([{ line: 0, code: 'model.predict(X)' }]);
    expect(t.python).toContain("run_line_magic('timeit'");
  });

  it('keeps the line count, joining continued escaped lines', () => {
    const source = '!echo a \\\n  b\nx = 1';
    const t = transformIPython(source);
    expect(t.python.split('\n')).toHaveLength(3);
    expect(t.python.split('\n')[2]).toBe('x = 1');
  });

  it('leaves magic-looking lines inside strings alone', () => {
    const source = 'doc = """\n%not a magic\n!nor this\n"""';
    expect(transformIPython(source).python).toBe(source);
    expect(transformIPython(source).magics).toEqual([]);
  });

  it('leaves Python that merely contains the characters alone', () => {
    const source = "s = '%d' % n\nok = a != b\nx %= 3";
    expect(transformIPython(source).python).toBe(source);
  });

  it('recognises cell magics; a Python body is analysed, others blanked', () => {
    const time = transformIPython('%%time\nmodel.fit(X)');
    expect(time.cellMagic).toBe('time');
    expect(time.cellMagicIsPython).toBe(true);
    expect(time.python).toBe('\nmodel.fit(X)');
    const bash = transformIPython('%%bash\nls -la');
    expect(bash.cellMagic).toBe('bash');
    expect(bash.cellMagicIsPython).toBe(false);
    expect(bash.python).toBe('\n');
  });

  it('treats a %%timeit body as read-only code', () => {
    const t = transformIPython('%%timeit\ny = f(x)');
    expect(t.readOnlyCode).toEqual([{ line: 1, code: 'y = f(x)' }]);
    expect(t.python.trim()).toBe('');
  });
});
