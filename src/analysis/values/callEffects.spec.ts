import { cellLinks } from '../slice';
import { CALL_TABLE, methodCallFacts, moduleCallFacts } from './callEffects';
import { analyzeCell } from '../core';
import { cellEffects } from '../slice';
import { sliceOf } from '../slice';
import { codeCells } from '../../testing/analysis';

const NP = 'import numpy as np\n';

/** What a cell changes in place, by the table. */
function changes(source: string): string[] {
  return [...cellEffects(analyzeCell(source)).mutates].sort();
}

function mayChange(source: string): string[] {
  return [...cellEffects(analyzeCell(source)).mayMutate].sort();
}

/** The names a cell links (may share an object after it ran), as sorted "a~b" strings. */
function links(source: string): string[] {
  return cellLinks(analyzeCell(source))
    .pairs.map(([a, b]) => [a, b].sort().join('~'))
    .sort();
}

describe('the call table', () => {
  it('cites the documentation of every entry', () => {
    const entries = Object.values(CALL_TABLE).flat();
    expect(entries.length).toBeGreaterThan(20);
    for (const entry of entries) {
      expect(entry.doc).toMatch(/^https:\/\/\S+/);
      expect(entry.calls.length).toBeGreaterThan(0);
    }
  });

  it('knows the module functions that set state, and the rest of a library by default', () => {
    expect(moduleCallFacts('numpy.random.seed').changesReceiver).toBe(true);
    expect(moduleCallFacts('numpy.zeros')).toMatchObject({
      changesReceiver: false,
      mayChangeArgs: false
    });
    expect(moduleCallFacts('numpy.random.shuffle').changesArgs).toEqual([0]);
    expect(moduleCallFacts('torch.nn.init.normal_').changesArgs).toEqual([0]);
    expect(moduleCallFacts('numpy.asarray').result).toBe('args');
    // An unknown module's function leaves the module as it was, but may change arguments.
    expect(moduleCallFacts('mylib.train')).toMatchObject({
      changesReceiver: false,
      mayChangeArgs: true
    });
  });

  it('knows which methods change their receiver and which return views', () => {
    expect(methodCallFacts('fit', new Map()).changesReceiver).toBe(true);
    expect(methodCallFacts('sort', new Map()).changesReceiver).toBe(true);
    expect(methodCallFacts('min', new Map()).changesReceiver).toBe(false);
    expect(methodCallFacts('reshape', new Map()).result).toBe('receiver');
    expect(methodCallFacts('drop', new Map()).changesReceiver).toBe(false);
    expect(
      methodCallFacts('drop', new Map([['inplace', 'True']])).changesReceiver
    ).toBe(true);
    expect(methodCallFacts('add_', new Map()).changesReceiver).toBe(true);
    expect(methodCallFacts('frobnicate', new Map())).toMatchObject({
      changesReceiver: true,
      mayChangeArgs: true,
      result: 'all'
    });
  });
});

describe('cellEffects by the table', () => {
  it('module functions change their module only when they set its state', () => {
    expect(changes('a = np.zeros(3)\nb = np.ones(3)')).toEqual([]);
    expect(changes('np.random.seed(42)')).toEqual(['np']);
    expect(changes('np.set_printoptions(precision=2)')).toEqual(['np']);
    expect(changes('x = np.random.rand(3)')).toEqual(['np']);
    expect(changes('torch.manual_seed(0)')).toEqual(['torch']);
    expect(changes("pd.set_option('display.max_rows', 5)")).toEqual(['pd']);
    expect(changes('random.seed(1)')).toEqual(['random']);
    expect(changes("plt.rc('font', size=14)")).toEqual(['plt']);
    expect(changes("plt.style.use('ggplot')")).toEqual(['plt']);
    // Drawing changes pyplot's current figure, not the data drawn.
    expect(
      mayChange('plt.scatter(X[:, 0], X[:, 1], c=y)\nplt.plot(X)')
    ).toEqual(['plt']);
    // The module's own import, not only the usual name.
    expect(changes('import numpy\nnumpy.random.seed(0)')).toEqual([]);
    expect(changes('import numpy as nump\nnump.zeros(3)')).toEqual([]);
  });

  it('arguments change only when the table says so', () => {
    expect(changes('np.random.shuffle(a)')).toEqual(['a', 'np']);
    expect(changes('np.copyto(dst, src)')).toEqual(['dst']);
    expect(changes('np.add(a, b, out=c)')).toEqual(['c']);
    expect(changes('random.shuffle(xs)')).toEqual(['random', 'xs']);
    expect(changes('nn.init.normal_(w)')).toEqual(['w']);
    expect(mayChange('print(x)\nlen(y)\nsorted(z)')).toEqual([]);
    expect(changes('next(it)')).toEqual(['it']);
    // Unknown: conservative.
    expect(mayChange('train(model, X)')).toEqual(['X', 'model']);
  });

  it('methods change their receiver by the table', () => {
    expect(changes('est.fit(X, y)')).toEqual(['est']);
    expect(mayChange('est.fit(X, y)')).toEqual(['est']);
    expect(changes('a.sort()\nlst.append(1)\nd.update(e)')).toEqual([
      'a',
      'd',
      'lst'
    ]);
    expect(changes("df.drop(columns=['a'], inplace=True)")).toEqual(['df']);
    expect(changes('w.add_(1)')).toEqual(['w']);
    expect(
      mayChange('M.min(axis=0)\ndf.head()\na.reshape(2, 3)\nm.predict(X)')
    ).toEqual([]);
    expect(mayChange("df.drop(columns=['a'])")).toEqual([]);
    // Unknown: the receiver surely, the arguments maybe.
    expect(changes('obj.frob(y)')).toEqual(['obj']);
    expect(mayChange('obj.frob(y)')).toEqual(['obj', 'y']);
  });

  it('a change to a name the cell bound reaches only what that name shares', () => {
    // `m` is models[0]: fitting it changes models, not X.
    expect(changes('m = models[0]\nm.fit(X)')).toEqual(['models']);
    // Drawing on axes pyplot made: pyplot's figures change, the data drawn doesn't.
    expect(changes('fig, ax = plt.subplots()\nax.plot(x)')).toEqual(['plt']);
    expect(changes('v = g.reshape(4, 6)\nv[0] = 1')).toEqual(['g']);
    expect(changes('n = len(xs)\nc = n')).toEqual([]);
  });

  it('a star import binds names it does not spell but reads none', () => {
    const effects = cellEffects(analyzeCell('from fastcore.test import *'));
    expect(effects.writesUnknown).toBe(true);
    expect(effects.readsUnknown).toBe(false);
  });

  it("never counts Python's own functions and types as changed", () => {
    const effects = cellEffects(
      analyzeCell(
        'def f():\n    o = make()\n    o.a = 1\n    return isinstance(o, int) and CONFIG'
      )
    );
    expect([...effects.lateMayMutate].sort()).toEqual(['CONFIG', 'make']);
    expect(mayChange('register(int, str, handler)')).toEqual(['handler']);
  });

  it('leaves a module alone when a method it does not know is called on it', () => {
    const effects = cellEffects(analyzeCell('iris = datasets.load_iris()'));
    expect([...effects.callRoots]).toEqual(['datasets']);
  });
});

describe('cellLinks: aliases only where objects can be shared', () => {
  it('views and parts share their base', () => {
    expect(links('b = a.reshape(2, 3)')).toEqual(['a~b']);
    expect(links('t = a.T')).toEqual(['a~t']);
    // The key picks a part of df: the part is df's, not cols'.
    expect(links('c = df[cols]')).toEqual(['c~df']);
    expect(links('d = a[1:3]')).toEqual(['a~d']);
    expect(links('e = np.asarray(a)')).toEqual(['a~e']);
    expect(links('m2 = est.fit(X)')).toEqual(['est~m2']);
  });

  it('values that cannot alias link nothing', () => {
    expect(links('n = len(a)')).toEqual([]);
    expect(links('m = a.min()')).toEqual([]);
    expect(links('s = f"{a}"\nk = a == b\nr = a + 1')).toEqual([]);
    expect(links('i = int(x)\nf = float(y)\nq = str(z)')).toEqual([]);
    expect(links('z = np.zeros(3)\no = np.ones(n)')).toEqual([]);
    expect(links('t = (1, "a", None, True)')).toEqual([]);
  });

  it('a receiver holds what a changing call gives it, not what a reading one does', () => {
    expect(links('xs.append(y)')).toEqual(['xs~y']);
    expect(links('plt.plot(x)\na.min(b)')).toEqual([]);
  });
});

describe('slices with the table', () => {
  const needs = (...sources: string[]) =>
    sliceOf(codeCells(sources), sources.length - 1);

  it('the smallest case: a cell that made another array is not needed', () => {
    expect(
      needs(
        'import numpy as np',
        'a = np.zeros(3)',
        'b = np.ones(3)',
        'print(a)'
      )
    ).toEqual([0, 1]);
  });

  it('keeps what sets module state, and the global generator draws', () => {
    expect(
      needs(
        NP + 'np.random.seed(0)',
        'u = np.random.rand(2)',
        'z = np.zeros(2)',
        'x = np.random.rand(3)\nprint(x)'
      )
    ).toEqual([0, 1]);
  });

  it('reading calls are not changes: M.min() and plt.scatter(X) are left out', () => {
    expect(
      needs(NP + 'M = np.ones((2, 2))', 'M.min(axis=0)', 'M.sum()')
    ).toEqual([0]);
    expect(
      needs(
        NP + 'import matplotlib.pyplot as plt\nX = np.ones((3, 2))',
        'plt.scatter(X[:, 0], X[:, 1])',
        'X.mean()'
      )
    ).toEqual([0]);
  });

  it('a star import needs nothing before it', () => {
    expect(needs('a = 1', 'from m import *', 'b = 2', 'print(b)')).toEqual([
      1, 2
    ]);
  });

  it('still keeps a change through a view', () => {
    expect(
      needs(NP + 'g = np.arange(24)', 'g2 = g.reshape(4, 6)', 'g2[0] = 1', 'g')
    ).toEqual([0, 1, 2]);
  });
});
