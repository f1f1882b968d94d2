/**
 * Interpreter state as data: the statements, calls and magics that change process-wide state
 * (the import path, the working directory, environment variables, the shell's extensions and
 * configuration, warning filters, library settings, global random seeds, the current figure),
 * and which later code depends on each kind. None of these is a name a later cell reads:
 * `sys.path.insert(0, '..')` binds nothing, yet `from helper import f` two cells later fails
 * without it. Slices and stale marks read these tables through `cellState`/`NotebookState`.
 *
 * Each entry cites the documentation that says the call changes (or reads) that state.
 */
import { SyntaxNode } from '@lezer/common';
import { ICellAnalysis } from '../core/index.js';
import { LineIndex } from '../core/index.js';
// The standard library is found where Python is installed, not on the paths a notebook adds,
// nor through the working directory: importing it depends on no state a cell sets (private
// `_x` modules are left out: a notebook may have its own).
import { STDLIB_MODULES } from '../imports/index.js';

/** The kinds of process-wide state. */
export type StateKind =
  | 'importPath' // sys.path, sys.modules, modules written beside the notebook
  | 'workingDirectory'
  | 'environment'
  | 'shell' // IPython extensions and configuration
  | 'warnings'
  | 'settings' // a library's global settings (per library)
  | 'seed' // a library's global random generator (per library)
  | 'figure'; // pyplot's current figure

/** A state key: the kind, with the library for settings and seeds (`settings:numpy`). */
export type StateKey = string;

/** One way to change process-wide state. */
export interface IStateChange {
  /**
   * The canonical spelling, modules by their full name: `sys.path.insert` (called),
   * `os.environ[]` (an item set or deleted), `sys.path` (rebound), `%cd` (a magic). A trailing
   * `.*` matches anything under the prefix.
   */
  readonly what: string;
  readonly how: 'call' | 'set' | 'magic';
  readonly kind: StateKind;
  /** For settings and seeds: whose (`numpy`); several for a call that seeds several. */
  readonly libraries?: readonly string[];
  readonly cite: string;
}

const PY = 'https://docs.python.org/3/library/';
const MPL = 'https://matplotlib.org/stable/api/';
const IPY = 'https://ipython.readthedocs.io/en/stable/interactive/magics.html';
const TF = 'https://www.tensorflow.org/api_docs/python/';
const TORCH = 'https://pytorch.org/docs/stable/generated/';

function entries(
  how: IStateChange['how'],
  kind: StateKind,
  cite: string,
  whats: string[],
  libraries?: string[]
): IStateChange[] {
  return whats.map(what => ({ what, how, kind, cite, libraries }));
}

/** What changes process-wide state, by kind. */
export const STATE_CHANGES: readonly IStateChange[] = [
  ...entries('call', 'importPath', `${PY}sys.html#sys.path`, [
    'sys.path.insert', 'sys.path.append', 'sys.path.extend', 'sys.path.remove', 'sys.path.pop',
    'sys.path.clear'
  ]), // prettier-ignore
  ...entries('set', 'importPath', `${PY}sys.html#sys.path`, [
    'sys.path',
    'sys.path[]'
  ]),
  ...entries('set', 'importPath', `${PY}sys.html#sys.modules`, [
    'sys.modules[]'
  ]),
  ...entries('call', 'importPath', `${PY}sys.html#sys.modules`, [
    'sys.modules.pop',
    'sys.modules.update',
    'sys.modules.clear'
  ]),
  ...entries('call', 'importPath', `${PY}site.html#site.addsitedir`, [
    'site.addsitedir'
  ]),
  ...entries('call', 'importPath', `${PY}importlib.html#importlib.reload`, [
    'importlib.reload',
    'importlib.invalidate_caches'
  ]),
  ...entries('call', 'workingDirectory', `${PY}os.html#os.chdir`, [
    'os.chdir',
    'os.fchdir'
  ]),
  ...entries('set', 'environment', `${PY}os.html#os.environ`, ['os.environ[]']),
  ...entries('call', 'environment', `${PY}os.html#os.environ`, [
    'os.environ.update', 'os.environ.setdefault', 'os.environ.pop', 'os.environ.popitem',
    'os.environ.clear'
  ]), // prettier-ignore
  ...entries('call', 'environment', `${PY}os.html#os.putenv`, [
    'os.putenv',
    'os.unsetenv'
  ]),
  ...entries(
    'call',
    'environment',
    'https://saurabh-kumar.com/python-dotenv/reference/',
    ['dotenv.load_dotenv']
  ),
  ...entries('magic', 'workingDirectory', `${IPY}#magic-cd`, [
    '%cd',
    '%pushd',
    '%popd'
  ]),
  ...entries('magic', 'environment', `${IPY}#magic-env`, ['%env', '%set_env']),
  ...entries('magic', 'shell', `${IPY}#magic-load_ext`, [
    '%load_ext',
    '%reload_ext',
    '%unload_ext'
  ]),
  ...entries('magic', 'shell', `${IPY}#magic-config`, ['%config']),
  ...entries('magic', 'shell', `${IPY}#magic-matplotlib`, ['%matplotlib']),
  ...entries(
    'magic',
    'settings',
    `${IPY}#magic-matplotlib`,
    ['%matplotlib', '%pylab'],
    ['matplotlib']
  ),
  ...entries(
    'magic',
    'importPath',
    'https://ipython.readthedocs.io/en/stable/config/extensions/autoreload.html',
    ['%autoreload', '%aimport']
  ),
  ...entries(
    'magic',
    'settings',
    `${IPY}#magic-precision`,
    ['%precision'],
    ['numpy']
  ),
  ...entries('call', 'warnings', `${PY}warnings.html#warnings.filterwarnings`, [
    'warnings.filterwarnings',
    'warnings.simplefilter',
    'warnings.resetwarnings'
  ]),
  ...entries(
    'call',
    'settings',
    'https://pandas.pydata.org/docs/reference/api/pandas.set_option.html',
    ['pandas.set_option', 'pandas.reset_option'],
    ['pandas']
  ),
  ...entries(
    'set',
    'settings',
    'https://pandas.pydata.org/docs/user_guide/options.html',
    ['pandas.options.*'],
    ['pandas']
  ),
  ...entries(
    'call',
    'settings',
    'https://numpy.org/doc/stable/reference/generated/numpy.set_printoptions.html',
    ['numpy.set_printoptions', 'numpy.seterr'],
    ['numpy']
  ),
  ...entries(
    'call',
    'settings',
    `${MPL}matplotlib_configuration_api.html`,
    [
      'matplotlib.use', 'matplotlib.rc', 'matplotlib.rcParams.update', 'matplotlib.pyplot.rc',
      'matplotlib.pyplot.rcParams.update', 'matplotlib.pyplot.switch_backend',
      'matplotlib.style.use', 'matplotlib.pyplot.style.use', 'matplotlib.pyplot.ion',
      'matplotlib.pyplot.ioff'
    ], // prettier-ignore
    ['matplotlib']
  ),
  ...entries(
    'set',
    'settings',
    `${MPL}matplotlib_configuration_api.html#matplotlib.rcParams`,
    ['matplotlib.rcParams[]', 'matplotlib.pyplot.rcParams[]'],
    ['matplotlib']
  ),
  ...entries(
    'call',
    'settings',
    'https://seaborn.pydata.org/generated/seaborn.set_theme.html',
    [
      'seaborn.set', 'seaborn.set_theme', 'seaborn.set_style', 'seaborn.set_context',
      'seaborn.set_palette'
    ], // prettier-ignore
    ['seaborn', 'matplotlib']
  ),
  ...entries(
    'call',
    'settings',
    `${TORCH}torch.set_default_dtype.html`,
    [
      'torch.set_default_dtype', 'torch.set_default_device', 'torch.set_default_tensor_type',
      'torch.set_printoptions', 'torch.set_num_threads', 'torch.use_deterministic_algorithms',
      'torch.set_grad_enabled'
    ], // prettier-ignore
    ['torch']
  ),
  ...entries(
    'set',
    'settings',
    'https://pytorch.org/docs/stable/backends.html',
    ['torch.backends.*'],
    ['torch']
  ),
  ...entries(
    'call',
    'settings',
    `${TF}tf/config`,
    [
      'tensorflow.config.*', 'tensorflow.keras.backend.set_floatx',
      'tensorflow.keras.backend.clear_session', 'tensorflow.keras.mixed_precision.set_global_policy',
      'keras.backend.clear_session', 'keras.mixed_precision.set_global_policy'
    ], // prettier-ignore
    ['tensorflow']
  ),
  ...entries(
    'call',
    'settings',
    'https://scikit-learn.org/stable/modules/generated/sklearn.set_config.html',
    ['sklearn.set_config'],
    ['sklearn']
  ),
  ...entries(
    'call',
    'settings',
    `${PY}logging.html#logging.basicConfig`,
    ['logging.basicConfig', 'logging.disable'],
    ['logging']
  ),
  ...entries(
    'call',
    'seed',
    `${PY}random.html#random.seed`,
    ['random.seed'],
    ['random']
  ),
  ...entries(
    'call',
    'seed',
    'https://numpy.org/doc/stable/reference/random/generated/numpy.random.seed.html',
    ['numpy.random.seed'],
    ['numpy']
  ),
  ...entries(
    'call',
    'seed',
    `${TORCH}torch.manual_seed.html`,
    [
      'torch.manual_seed',
      'torch.cuda.manual_seed',
      'torch.cuda.manual_seed_all'
    ],
    ['torch']
  ),
  ...entries(
    'call',
    'seed',
    `${TF}tf/random/set_seed`,
    ['tensorflow.random.set_seed'],
    ['tensorflow']
  ),
  ...entries(
    'call',
    'seed',
    `${TF}tf/keras/utils/set_random_seed`,
    ['tensorflow.keras.utils.set_random_seed', 'keras.utils.set_random_seed'],
    ['tensorflow', 'numpy', 'random']
  ),
  ...entries(
    'call',
    'figure',
    `${MPL}_as_gen/matplotlib.pyplot.figure.html`,
    [
      'matplotlib.pyplot.figure', 'matplotlib.pyplot.subplots', 'matplotlib.pyplot.subplot',
      'matplotlib.pyplot.subplot2grid', 'matplotlib.pyplot.axes', 'matplotlib.pyplot.sca',
      'matplotlib.pyplot.close', 'matplotlib.pyplot.clf'
    ] // prettier-ignore
  )
];

/** What depends on process-wide state, by what the code does. */
export interface IStateUse {
  readonly use: 'import' | 'relativePath' | 'libraryCall' | 'draw' | 'call';
  readonly dependsOn: readonly StateKind[];
  readonly cite: string;
}

export const STATE_USES: readonly IStateUse[] = [
  {
    // An import searches sys.path ('' is the working directory in IPython), finds sys.modules
    // first, and the module's code may read the environment as it runs.
    use: 'import',
    dependsOn: ['importPath', 'environment', 'workingDirectory'],
    cite: 'https://docs.python.org/3/reference/import.html#the-module-search'
  },
  {
    use: 'relativePath',
    dependsOn: ['workingDirectory'],
    cite: 'https://docs.python.org/3/library/os.html#os.chdir'
  },
  {
    // A library call reads its library's settings and, for the libraries below, generators.
    use: 'libraryCall',
    dependsOn: ['settings', 'seed', 'figure'],
    cite: 'https://numpy.org/doc/stable/reference/generated/numpy.set_printoptions.html'
  },
  {
    // A draw from a global generator reads its state and moves it on.
    use: 'draw',
    dependsOn: ['seed'],
    cite: 'https://docs.python.org/3/library/random.html#bookkeeping-functions'
  },
  {
    // Any call may warn: the filters decide whether it shows.
    use: 'call',
    dependsOn: ['warnings'],
    cite: 'https://docs.python.org/3/library/warnings.html#the-warnings-filter'
  }
];

/** The settings and generators a library's calls read, where not only its own. */
export const LIBRARY_STATE: Readonly<Record<string, readonly StateKey[]>> = {
  numpy: ['settings:numpy', 'seed:numpy'],
  scipy: ['settings:scipy', 'seed:numpy'],
  sklearn: ['settings:sklearn', 'seed:numpy'],
  pandas: ['settings:pandas', 'seed:numpy'],
  matplotlib: ['settings:matplotlib', 'figure'],
  seaborn: ['settings:seaborn', 'settings:matplotlib', 'figure'],
  random: ['seed:random'],
  torch: ['settings:torch', 'seed:torch'],
  torchvision: ['settings:torch', 'seed:torch'],
  tensorflow: ['settings:tensorflow', 'seed:tensorflow'],
  keras: ['settings:tensorflow', 'seed:tensorflow', 'seed:numpy', 'seed:random']
};

/** Calls that draw from a global generator (prefixes of canonical names). */
export const DRAWS: readonly string[] = [
  'random.',
  'numpy.random.',
  'torch.rand',
  'torch.randn',
  'torch.randint',
  'torch.randperm',
  'torch.normal',
  'torch.bernoulli',
  'torch.multinomial',
  'tensorflow.random.'
];

/** Calls whose path argument, when relative, is read against the working directory. */
const PATH_CALLS = new Set([
  'open', 'read_csv', 'read_table', 'read_excel', 'read_json', 'read_parquet', 'read_pickle',
  'read_feather', 'read_hdf', 'read_fwf', 'read_orc', 'read_stata', 'read_sas', 'read_spss',
  'to_csv', 'to_excel', 'to_json', 'to_parquet', 'to_pickle', 'to_feather', 'to_hdf',
  'load', 'loadtxt', 'genfromtxt', 'save', 'savez', 'savez_compressed', 'savetxt', 'fromfile',
  'tofile', 'memmap', 'Path', 'PurePath', 'listdir', 'scandir', 'walk', 'glob', 'iglob',
  'exists', 'isfile', 'isdir', 'makedirs', 'mkdir', 'remove', 'unlink', 'rmtree', 'rename',
  'stat', 'imread', 'imsave', 'imwrite', 'savefig', 'load_model', 'save_model', 'load_weights',
  'save_weights', 'getcwd', 'cwd', 'abspath', 'realpath', 'resolve', 'ZipFile', 'copy',
  'copyfile', 'copytree', 'move', 'File', 'read_text', 'write_text', 'read_bytes',
  'write_bytes', 'urlretrieve', 'load_dotenv', 'chdir'
]); // prettier-ignore

/** Calls that write a file: a `.py` one becomes importable. */
const WRITE_CALLS = new Set([
  'open', 'write_text', 'write_bytes', 'copy', 'copyfile', 'move', 'urlretrieve'
]); // prettier-ignore

/** Spellings a notebook uses without an import the analysis sees (a star import, a profile). */
const USUAL_ALIASES: Readonly<Record<string, string>> = {
  np: 'numpy',
  pd: 'pandas',
  plt: 'matplotlib.pyplot',
  mpl: 'matplotlib',
  sns: 'seaborn',
  tf: 'tensorflow',
  os: 'os',
  sys: 'sys',
  site: 'site',
  importlib: 'importlib',
  warnings: 'warnings'
};

const CHANGE_BY_CALL = new Map<string, IStateChange[]>();
const CHANGE_BY_SET = new Map<string, IStateChange[]>();
const CHANGE_BY_MAGIC = new Map<string, IStateChange[]>();
const PREFIX_CHANGES: IStateChange[] = [];
for (const entry of STATE_CHANGES) {
  if (entry.what.endsWith('.*')) {
    PREFIX_CHANGES.push(entry);
    continue;
  }
  const table = {
    call: CHANGE_BY_CALL,
    set: CHANGE_BY_SET,
    magic: CHANGE_BY_MAGIC
  }[entry.how];
  table.set(entry.what, [...(table.get(entry.what) ?? []), entry]);
}

/** The table's entries that `what`, done `how`, matches. */
export function stateChangesOf(
  what: string,
  how: IStateChange['how']
): IStateChange[] {
  const table = {
    call: CHANGE_BY_CALL,
    set: CHANGE_BY_SET,
    magic: CHANGE_BY_MAGIC
  }[how];
  const exact = table.get(what) ?? [];
  const prefixed = PREFIX_CHANGES.filter(
    e => e.how === how && what.startsWith(e.what.slice(0, -1))
  );
  return [...exact, ...prefixed];
}

/** The state keys one entry changes. */
export function keysOf(entry: IStateChange): StateKey[] {
  return entry.libraries
    ? entry.libraries.map(lib => `${entry.kind}:${lib}`)
    : [entry.kind];
}

/** What reads a state key, in words for a stale mark (`sys.path`, `numpy settings`). */
export function stateLabel(key: StateKey): string {
  const [kind, library] = key.split(':');
  switch (kind) {
    case 'importPath':
      return 'sys.path';
    case 'workingDirectory':
      return 'os.getcwd()';
    case 'environment':
      return 'os.environ';
    case 'shell':
      return '%config';
    case 'warnings':
      return 'warnings filters';
    case 'figure':
      return 'plt.gcf()';
    default:
      return `${library} ${kind === 'seed' ? 'seed' : 'settings'}`;
  }
}

/** One mention of state in a cell, as spelled; `late` when inside a function body. */
interface IMention {
  /** The dotted spelling: `sys.path.insert`, `os.environ[]`, `np`. */
  spelled: string;
  how: 'call' | 'set' | 'ref';
  late: boolean;
  line: number;
}

/** A cell's state facts before names are resolved against the notebook's imports. */
interface IRawState {
  mentions: IMention[];
  /**
   * Imports of modules outside the standard library (statements, `importlib.import_module`,
   * `__import__`): top level / in a body.
   */
  imports: [boolean, boolean];
  relativePaths: [boolean, boolean];
  writesModule: [boolean, boolean];
  calls: [boolean, boolean];
  magicKeys: StateKey[];
  magicLines: { line: number; what: string }[];
  /** The distinct first names of the mentions: what resolution looks up. */
  roots: string[];
  /** The cell moves pyplot away from the inline backend. */
  leavesInline: boolean;
}

const rawCache = new WeakMap<ICellAnalysis, IRawState>();

function rawState(analysis: ICellAnalysis): IRawState {
  let raw = rawCache.get(analysis);
  if (!raw) {
    raw = computeRaw(analysis);
    rawCache.set(analysis, raw);
  }
  return raw;
}

function computeRaw(analysis: ICellAnalysis): IRawState {
  const raw = collectRaw(analysis);
  // The same spelling many times over (`np` in every line) resolves the same: once is enough.
  const seen = new Set<string>();
  raw.mentions = raw.mentions.filter(m => {
    const key = `${m.how} ${m.late} ${m.spelled}`;
    const fresh = !seen.has(key);
    seen.add(key);
    return fresh;
  });
  raw.roots = [
    ...new Set(raw.mentions.map(m => m.spelled.match(ROOT)?.[0] ?? ''))
  ];
  raw.leavesInline =
    analysis.ipython.magics.some(
      m =>
        m.name === 'matplotlib' && m.args !== '' && !/\binline\b/.test(m.args)
    ) ||
    raw.mentions.some(
      m =>
        m.how === 'call' &&
        /(^|\.)(use|switch_backend)$/.test(m.spelled) &&
        /^(mpl|matplotlib|plt)\b/.test(m.spelled)
    );
  return raw;
}

const ROOT = /^[A-Za-z_][A-Za-z0-9_]*/;

function collectRaw(analysis: ICellAnalysis): IRawState {
  const python = analysis.ipython.python;
  const text = (n: SyntaxNode) => python.slice(n.from, n.to);
  const lines = new LineIndex(python);
  const lineAt = (n: SyntaxNode) => lines.lineAt(n.from);
  const raw: IRawState = {
    mentions: [],
    imports: [false, false],
    relativePaths: [false, false],
    writesModule: [false, false],
    calls: [false, false],
    magicKeys: [],
    magicLines: [],
    roots: [],
    leavesInline: false
  };
  const { magics, cellMagic } = analysis.ipython;
  for (const magic of magics) {
    if (magic.kind === 'magic') {
      const entries = stateChangesOf(`%${magic.name}`, 'magic');
      entries.forEach(entry => raw.magicKeys.push(...keysOf(entry)));
      if (entries.length > 0) {
        raw.magicLines.push({ line: magic.line + 1, what: `%${magic.name}` });
      }
    }
  }
  if (cellMagic === 'writefile') {
    const target = analysis.source.split('\n')[0].trim();
    if (/\.py\s*$/.test(target)) {
      raw.magicKeys.push('importPath');
      raw.magicLines.push({ line: 1, what: '%%writefile' });
    }
  }
  analysis.tree.iterate({
    enter: ref => {
      const node = ref.node;
      const late = insideFunction(node) ? 1 : 0;
      switch (node.name) {
        case 'ImportStatement':
          raw.imports[late] ||= !importsStdlibOnly(node, text);
          return false;
        case 'CallExpression':
          onCall(node, text, late, lineAt(node), raw);
          break;
        case 'AssignStatement':
        case 'UpdateStatement':
        case 'DeleteStatement':
          for (const target of setTargets(node)) {
            const spelled = dotted(target, text);
            if (spelled) {
              raw.mentions.push({
                spelled,
                how: 'set',
                late: late === 1,
                line: lineAt(node)
              });
            }
          }
          break;
        case 'VariableName':
          if (!isCallee(node)) {
            raw.mentions.push({
              spelled: text(node),
              how: 'ref',
              late: late === 1,
              line: lineAt(node)
            });
          }
          break;
      }
      return undefined;
    }
  });
  return raw;
}

function onCall(
  node: SyntaxNode,
  text: (n: SyntaxNode) => string,
  late: 0 | 1,
  line: number,
  raw: IRawState
): void {
  raw.calls[late] = true;
  const callee = node.firstChild;
  const spelled = callee ? dotted(callee, text) : null;
  if (spelled) {
    raw.mentions.push({ spelled, how: 'call', late: late === 1, line });
    if (spelled === '__import__' || spelled.endsWith('import_module')) {
      raw.imports[late] = true;
    }
  }
  const last = callee ? lastName(callee, text) : null;
  if (last === null) {
    return;
  }
  const args = positional(node);
  if (PATH_CALLS.has(last) && pathIsRelative(node, args, text)) {
    raw.relativePaths[late] = true;
  }
  if (WRITE_CALLS.has(last) && writesModule(node, last, args, text)) {
    raw.writesModule[late] = true;
  }
}

/** Whether an import statement imports standard modules only (`import os, sys`). */
function importsStdlibOnly(
  node: SyntaxNode,
  text: (n: SyntaxNode) => string
): boolean {
  const parts: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    parts.push(c);
  }
  if (parts[0]?.name === 'from') {
    const first = parts[1];
    return first?.name === 'VariableName' && STDLIB_MODULES.has(text(first));
  }
  // `import a.b as c, d`: the first name of each item.
  let expectRoot = true;
  for (const part of parts.slice(1)) {
    if (part.name === 'VariableName' && expectRoot) {
      if (!STDLIB_MODULES.has(text(part))) {
        return false;
      }
      expectRoot = false;
    } else if (part.name === ',') {
      expectRoot = true;
    }
  }
  return true;
}

/** The positional arguments of a call. */
function positional(call: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const args = call.getChild('ArgList');
  for (let a = args?.firstChild; a; a = a.nextSibling) {
    if (a.name === '(' || a.name === ')' || a.name === ',') {
      continue;
    }
    if (a.nextSibling?.name === 'AssignOp' || a.name === 'AssignOp') {
      break; // keywords come last
    }
    out.push(a);
  }
  return out;
}

const ABSOLUTE = /^[rbuf]*['"]{1,3}(\/|~|[A-Za-z]:[\\/]|[a-z]+:\/\/)/i;

/**
 * Whether a call may name a relative path: its path argument (the first, or the receiver's
 * `Path('x').read_text()`), unless a string literal that starts at the root, home or a URL.
 * `os.listdir()` and `Path.cwd()` read the working directory itself.
 */
function pathIsRelative(
  call: SyntaxNode,
  args: SyntaxNode[],
  text: (n: SyntaxNode) => string
): boolean {
  const callee = call.firstChild;
  const receiver =
    callee?.name === 'MemberExpression' ? callee.firstChild : null;
  const first =
    args[0] ??
    (receiver?.name === 'CallExpression' ? positional(receiver)[0] : undefined);
  if (!first) {
    return true;
  }
  return !ABSOLUTE.test(text(first));
}

/** Whether a write call writes a `.py` file (`open('m.py', 'w')`, `Path('m.py').write_text`). */
function writesModule(
  call: SyntaxNode,
  last: string,
  args: SyntaxNode[],
  text: (n: SyntaxNode) => string
): boolean {
  // `open(os.path.join(HERE, 'm.py'), 'w')`: a string in the path that ends in `.py`.
  const isPy = (n: SyntaxNode | undefined) => {
    let found = false;
    n?.cursor().iterate(ref => {
      found ||= ref.name === 'String' && /\.py['"]{1,3}$/.test(text(ref.node));
    });
    return found;
  };
  if (last === 'open') {
    const mode = args[1] ? text(args[1]) : (keyword(call, 'mode', text) ?? '');
    return isPy(args[0]) && /[wax]/.test(mode);
  }
  if (last === 'write_text' || last === 'write_bytes') {
    const receiver = call.firstChild?.firstChild;
    return receiver?.name === 'CallExpression' && isPy(positional(receiver)[0]);
  }
  return isPy(args[1]);
}

function keyword(
  call: SyntaxNode,
  name: string,
  text: (n: SyntaxNode) => string
): string | null {
  const args = call.getChild('ArgList');
  for (let a = args?.firstChild; a; a = a.nextSibling) {
    if (a.nextSibling?.name === 'AssignOp' && text(a) === name) {
      const value = a.nextSibling.nextSibling;
      return value ? text(value) : null;
    }
  }
  return null;
}

/** `a.b.c` -> "a.b.c", `a.b[k]` -> "a.b[]"; null when it starts from a call or a literal. */
function dotted(
  node: SyntaxNode,
  text: (n: SyntaxNode) => string
): string | null {
  if (node.name === 'VariableName') {
    return text(node);
  }
  if (node.name !== 'MemberExpression' || !node.firstChild) {
    return null;
  }
  const base = dotted(node.firstChild, text);
  if (base === null) {
    return null;
  }
  const property = node.getChild('PropertyName');
  return property ? `${base}.${text(property)}` : `${base}[]`;
}

function lastName(
  node: SyntaxNode,
  text: (n: SyntaxNode) => string
): string | null {
  if (node.name === 'VariableName') {
    return text(node);
  }
  if (node.name === 'MemberExpression') {
    const property = node.getChild('PropertyName');
    return property ? text(property) : null;
  }
  return null;
}

/** The attribute and item targets of an assignment, augmented assignment or `del`. */
function setTargets(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  let lastOp: SyntaxNode | null = null;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'AssignOp' || c.name === 'UpdateOp') {
      lastOp = c;
    }
  }
  const visit = (c: SyntaxNode) => {
    if (c.name === 'MemberExpression') {
      out.push(c);
    } else if (
      [
        'TupleExpression',
        'ArrayExpression',
        'ParenthesizedExpression'
      ].includes(c.name)
    ) {
      for (let d = c.firstChild; d; d = d.nextSibling) {
        visit(d);
      }
    }
  };
  for (let c = node.firstChild; c && c !== lastOp; c = c.nextSibling) {
    visit(c);
  }
  return out;
}

/** Whether a name is the start of a call's callee chain (`np` in `np.x()`): counted as a call. */
function isCallee(node: SyntaxNode): boolean {
  let at: SyntaxNode = node;
  while (
    at.parent?.name === 'MemberExpression' &&
    at.parent.firstChild === at
  ) {
    at = at.parent;
  }
  return at.parent?.name === 'CallExpression' && at.parent.firstChild === at;
}

function insideFunction(node: SyntaxNode): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (at.name === 'FunctionDefinition' || at.name === 'LambdaExpression') {
      return true;
    }
  }
  return false;
}

/** What a cell changes and depends on, at its top level and in its function bodies. */
export interface ICellState {
  readonly changes: ReadonlySet<StateKey>;
  readonly depends: ReadonlySet<StateKey>;
  readonly lateChanges: ReadonlySet<StateKey>;
  readonly lateDepends: ReadonlySet<StateKey>;
  /**
   * Generators the cell draws from (top level and bodies): a draw moves the state on, which a
   * slice must replay in order, but re-running a draw makes no other cell stale.
   */
  readonly draws: ReadonlySet<StateKey>;
}

/**
 * The imports a notebook ran so far, as one object per history: the same imports in the same
 * order give the same object, in any slice, so a resolved cell is found again in O(1).
 */
export class ImportsKey {
  /** The key after one more import (`np=numpy`). */
  then(entry: string): ImportsKey {
    let next = this._next.get(entry);
    if (!next) {
      next = new ImportsKey();
      this._next.set(entry, next);
    }
    return next;
  }

  private _next = new Map<string, ImportsKey>();
}

const NO_IMPORTS = new ImportsKey();

/** How names resolve: `np` -> `numpy`; figures carry over between cells or not. */
export interface IResolver {
  module(name: string): string | undefined;
  /**
   * The same object whenever `module` answers the same for every name (`ImportsKey`): resolved
   * states are cached under it. Omitted: the cell's own names are looked up.
   */
  readonly key?: ImportsKey;
  /** Whether pyplot's current figure outlives a cell (not with the inline backend). */
  readonly figuresPersist: boolean;
}

function canonical(spelled: string, resolver: IResolver): string | null {
  const root = spelled.match(ROOT)?.[0];
  if (!root) {
    return null;
  }
  const module = resolver.module(root) ?? USUAL_ALIASES[root];
  return module === undefined ? null : module + spelled.slice(root.length);
}

/** A cell's state facts, names resolved with `resolver`. */
export function cellState(
  analysis: ICellAnalysis,
  resolver: IResolver
): ICellState {
  const raw = rawState(analysis);
  // Resolved once per cell and meaning of its names: a notebook's imports rarely change.
  const signature =
    resolver.key ?? raw.roots.map(r => resolver.module(r) ?? '').join(' ');
  const cached = stateCache.get(analysis);
  if (
    cached?.signature === signature &&
    cached.figuresPersist === resolver.figuresPersist
  ) {
    return cached.state;
  }
  const state = resolveState(raw, resolver);
  stateCache.set(analysis, {
    signature,
    figuresPersist: resolver.figuresPersist,
    state
  });
  return state;
}

const stateCache = new WeakMap<
  ICellAnalysis,
  { signature: string | ImportsKey; figuresPersist: boolean; state: ICellState }
>();

function resolveState(raw: IRawState, resolver: IResolver): ICellState {
  const sets = [new Set<StateKey>(), new Set<StateKey>()];
  const draws = new Set<StateKey>();
  const reads = [new Set<StateKey>(), new Set<StateKey>()];
  raw.magicKeys.forEach(k => sets[0].add(k));
  for (const late of [0, 1]) {
    if (raw.imports[late]) {
      ['importPath', 'environment', 'workingDirectory'].forEach(k =>
        reads[late].add(k)
      );
    }
    if (raw.relativePaths[late]) {
      reads[late].add('workingDirectory');
    }
    if (raw.writesModule[late]) {
      sets[late].add('importPath');
    }
    if (raw.calls[late]) {
      reads[late].add('warnings');
    }
  }
  for (const m of raw.mentions) {
    const name = canonical(m.spelled, resolver);
    if (name === null) {
      continue;
    }
    const late = m.late ? 1 : 0;
    const library = name.split(/[.[]/)[0];
    const uses = LIBRARY_STATE[library] ?? [`settings:${library}`];
    uses
      .filter(k => k !== 'figure' || resolver.figuresPersist)
      .forEach(k => reads[late].add(k));
    if (m.how === 'ref') {
      continue;
    }
    for (const entry of stateChangesOf(name, m.how)) {
      if (entry.kind !== 'figure' || resolver.figuresPersist) {
        keysOf(entry).forEach(k => sets[late].add(k));
      }
    }
    if (m.how === 'call') {
      const draw = DRAWS.find(p => name.startsWith(p));
      if (draw) {
        const key = `seed:${draw.split('.')[0]}`;
        draws.add(key);
        reads[late].add(key);
      }
      if (library === 'matplotlib' && resolver.figuresPersist) {
        sets[late].add('figure'); // pyplot draws on the current figure
      }
    }
  }
  return {
    changes: sets[0],
    depends: reads[0],
    lateChanges: sets[1],
    lateDepends: reads[1],
    draws
  };
}

/** The lines of a cell that change process-wide state, for the extract dialog. */
export function stateChangingLines(
  analysis: ICellAnalysis
): { line: number; what: string }[] {
  const raw = rawState(analysis);
  const resolver: IResolver = {
    module: name => analysis.imports.get(name),
    figuresPersist: false
  };
  const out = [...raw.magicLines];
  for (const m of raw.mentions) {
    const name = m.how === 'ref' ? null : canonical(m.spelled, resolver);
    if (
      name !== null &&
      stateChangesOf(name, m.how as 'call' | 'set').length > 0
    ) {
      out.push({ line: m.line, what: m.spelled });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Whether a cell moves pyplot away from the inline backend, which closes figures per cell. */
function leavesInline(analysis: ICellAnalysis): boolean {
  return rawState(analysis).leavesInline;
}

function bodiesOf(
  names: Iterable<string>,
  definers: ReadonlyMap<string, ICellState>
): ICellState[] {
  const out: ICellState[] = [];
  if (definers.size > 0) {
    for (const name of names) {
      const body = definers.get(name);
      // Most bodies change and read no state: nothing to add.
      if (
        body &&
        (body.lateChanges.size || body.lateDepends.size || body.draws.size)
      ) {
        out.push(body);
      }
    }
  }
  return out;
}

/** A cell's state with that of the notebook functions it calls (`definers`: by name). */
function withBodies(
  own: ICellState,
  analysis: ICellAnalysis,
  definers: ReadonlyMap<string, ICellState>
): ICellState {
  const now = bodiesOf(analysis.reads, definers);
  const later = bodiesOf(analysis.lateReads, definers);
  if (now.length === 0 && later.length === 0) {
    return own;
  }
  const union = (
    mine: ReadonlySet<StateKey>,
    bodies: ICellState[],
    pick: (s: ICellState) => ReadonlySet<StateKey>
  ): ReadonlySet<StateKey> => {
    let out: Set<StateKey> | null = null; // a copy only when a body adds a key
    for (const body of bodies) {
      for (const key of pick(body)) {
        if (!(out ?? mine).has(key)) {
          out ??= new Set(mine);
          out.add(key);
        }
      }
    }
    return out ?? mine;
  };
  // A call runs the body: what the called function changes and reads happens now.
  return {
    changes: union(own.changes, now, b => b.lateChanges),
    depends: union(own.depends, now, b => b.lateDepends),
    lateChanges: union(own.lateChanges, later, b => b.lateChanges),
    lateDepends: union(own.lateDepends, later, b => b.lateDepends),
    draws: union(own.draws, [...now, ...later], b => b.draws)
  };
}

/**
 * Every key some entry of the tables can change, one bit each: a slice of a 1,000-cell notebook
 * joins the state of every cell with that of the functions it calls, and bits join in O(1).
 * A key nothing can change (`settings:requests`) needs no bit: no cell is kept for it.
 */
const KEY_BITS = new Map<StateKey, number>();
for (const key of [
  ...STATE_CHANGES.flatMap(keysOf),
  'importPath',
  'figure',
  ...DRAWS.map(p => `seed:${p.split('.')[0]}`)
]) {
  if (!KEY_BITS.has(key)) {
    KEY_BITS.set(key, 1 << KEY_BITS.size);
  }
}
if (KEY_BITS.size > 31) {
  throw new Error('interpreterState: more state keys than bits in a number');
}

const maskCache = new WeakMap<ReadonlySet<StateKey>, number>();

function maskOf(keys: ReadonlySet<StateKey>): number {
  let mask = maskCache.get(keys);
  if (mask === undefined) {
    mask = 0;
    keys.forEach(k => (mask! |= KEY_BITS.get(k) ?? 0));
    maskCache.set(keys, mask);
  }
  return mask;
}

/** A cell's state as bits: `now` changes (draws included) and depends, and its bodies'. */
export interface IStateBits {
  changes: number;
  depends: number;
  lateChanges: number;
  lateDepends: number;
}

/**
 * Where the bits of a notebook's cells are kept from one `NotebookState` to the next: a cell's
 * bits depend only on the cells up to it, and on whether figures persist (any cell's doing).
 */
export interface IStateBitsKept {
  get(k: number, figuresPersist: boolean): IStateBits | undefined;
  set(k: number, figuresPersist: boolean, bits: IStateBits): void;
}

/**
 * The state each code cell of a notebook changes and depends on, in notebook order: names
 * resolved against the imports before it, and a call of a notebook function counted with what
 * the function's body changes and depends on (as defined by the latest cell before).
 */
export class NotebookState {
  constructor(analyses: readonly ICellAnalysis[], kept?: IStateBitsKept) {
    const figuresPersist = analyses.some(leavesInline);
    const cells = analyses.map((_, k) => kept?.get(k, figuresPersist));
    if (cells.every((bits): bits is IStateBits => bits !== undefined)) {
      this._cells = cells;
      return;
    }
    this._compute(analyses, figuresPersist);
    this._cells.forEach((bits, k) => kept?.set(k, figuresPersist, bits));
  }

  private _compute(
    analyses: readonly ICellAnalysis[],
    figuresPersist: boolean
  ): void {
    const imports = new Map<string, string>();
    const resolver = {
      module: (name: string) => imports.get(name),
      figuresPersist,
      key: NO_IMPORTS
    };
    const definers = new Map<string, IStateBits>();
    for (const analysis of analyses) {
      analysis.imports.forEach((module, name) => {
        if (imports.get(name) !== module) {
          imports.set(name, module);
          resolver.key = resolver.key.then(`${name}=${module}`);
        }
      });
      const own = cellState(analysis, resolver);
      const bits: IStateBits = {
        changes: maskOf(own.changes) | maskOf(own.draws),
        depends: maskOf(own.depends),
        lateChanges: maskOf(own.lateChanges) | maskOf(own.draws),
        lateDepends: maskOf(own.lateDepends)
      };
      // A call runs the body: what the called function changes and reads happens now.
      if (definers.size > 0) {
        for (const name of analysis.reads) {
          const body = definers.get(name);
          if (body) {
            bits.changes |= body.lateChanges;
            bits.depends |= body.lateDepends;
          }
        }
        for (const name of analysis.lateReads) {
          const body = definers.get(name);
          if (body) {
            bits.lateChanges |= body.lateChanges;
            bits.lateDepends |= body.lateDepends;
          }
        }
      }
      analysis.binds.forEach((kind, name) => {
        if (kind === 'def' || kind === 'class') {
          definers.set(name, bits);
        } else {
          definers.delete(name);
        }
      });
      this._cells.push(bits);
    }
  }

  /** The state keys cell `k` (position among the analyses) may change now, draws included. */
  changes(k: number): StateKey[] {
    return keysOfMask(this._cells[k].changes);
  }

  /** The state keys cell `k` depends on now. */
  depends(k: number): StateKey[] {
    return keysOfMask(this._cells[k].depends);
  }

  /** Whether cell `j` changes any of the keys in `live` (bits). */
  changesAny(j: number, live: number): boolean {
    return (this._cells[j].changes & live) !== 0;
  }

  /** What cell `j` depends on, as bits. */
  dependsBits(j: number): number {
    return this._cells[j].depends;
  }

  private _cells: IStateBits[] = [];
}

function keysOfMask(mask: number): StateKey[] {
  return [...KEY_BITS].filter(([, bit]) => mask & bit).map(([key]) => key);
}

/**
 * For a backward pass of a slice from cell `k`: the state kinds the cells kept so far depend
 * on. A cell before them that changes one of these is needed, whatever names it binds.
 */
export class LiveState {
  constructor(
    private readonly _state: NotebookState,
    k: number
  ) {
    this._live = _state.dependsBits(k);
  }

  /** Whether cell `j` changes state the kept cells depend on. */
  needs(j: number): boolean {
    return this._state.changesAny(j, this._live);
  }

  /** Cell `j` is kept: what it depends on becomes live. */
  keep(j: number): void {
    this._live |= this._state.dependsBits(j);
  }

  private _live: number;
}

/**
 * Stale marks by interpreter state: follows a notebook's runs and tells, for a run, the cells
 * whose latest run depended on state the run changed (a re-run of `sys.path.insert(...)` is a
 * change of what `import helper` found). Names resolve against the imports run so far.
 */
export class StateReaders {
  /**
   * Records a run; returns the other cells whose latest run depends on state it changed, with
   * the state key, and forgets the run's cell's earlier dependencies.
   */
  ran(
    cellId: string,
    analysis: ICellAnalysis
  ): { cellId: string; key: StateKey }[] {
    analysis.imports.forEach((module, name) => this._imports.set(name, module));
    this._figuresPersist ||= leavesInline(analysis);
    const own = cellState(analysis, {
      module: name => this._imports.get(name),
      figuresPersist: this._figuresPersist
    });
    const { changes, depends } = withBodies(own, analysis, this._bodies);
    const out: { cellId: string; key: StateKey }[] = [];
    const seen = new Set<string>([cellId]);
    for (const key of changes) {
      for (const reader of this._readers.get(key) ?? []) {
        if (!seen.has(reader)) {
          seen.add(reader);
          out.push({ cellId: reader, key });
        }
      }
    }
    this.forget(cellId);
    this._depends.set(cellId, depends);
    depends.forEach(key => {
      let readers = this._readers.get(key);
      if (!readers) {
        readers = new Set();
        this._readers.set(key, readers);
      }
      readers.add(cellId);
    });
    analysis.binds.forEach((kind, name) => {
      if (kind === 'def' || kind === 'class') {
        this._bodies.set(name, own);
      } else {
        this._bodies.delete(name);
      }
    });
    return out;
  }

  /** Forgets a cell that left the notebook. */
  forget(cellId: string): void {
    this._depends
      .get(cellId)
      ?.forEach(key => this._readers.get(key)?.delete(cellId));
    this._depends.delete(cellId);
  }

  private _imports = new Map<string, string>();
  private _bodies = new Map<string, ICellState>();
  private _depends = new Map<string, ReadonlySet<StateKey>>();
  private _readers = new Map<StateKey, Set<string>>();
  private _figuresPersist = false;
}
