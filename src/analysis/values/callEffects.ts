/**
 * What calls change, as data: which library functions set their module's state or change an
 * argument, which methods change the object they are called on, and which results are views of
 * (or hold) the receiver or the arguments. Every entry cites the library's documentation. Calls
 * the table doesn't know stay conservative: they may change their receiver and arguments, and
 * their result may hold both.
 */

/** What a result may share: nothing (a new object or a scalar), the receiver, the arguments. */
export type ResultShares = 'none' | 'receiver' | 'args' | 'all';

/** What one call does to the objects it touches. */
export interface ICallFacts {
  /** A method: it changes the object it is called on. A module function: the module's state. */
  readonly changesReceiver: boolean;
  /** Positions of the positional arguments it changes in place. */
  readonly changesArgs: readonly number[];
  /** Whether arguments it doesn't name may change (an unknown call). */
  readonly mayChangeArgs: boolean;
  /** What its result may be or hold. */
  readonly result: ResultShares;
  /** Its result depends on whatever ran before (`np.empty`: memory left as it was). */
  readonly readsHistory: boolean;
}

interface IEntry {
  /** Module functions by dotted path (`numpy.random.seed`), methods by name (`sort`). */
  readonly calls: readonly string[];
  readonly facts: Partial<ICallFacts>;
  /** The documentation the entry follows. */
  readonly doc: string;
}

const UNKNOWN: ICallFacts = {
  changesReceiver: true,
  changesArgs: [],
  mayChangeArgs: true,
  result: 'all',
  readsHistory: false
};
const READS: ICallFacts = {
  changesReceiver: false,
  changesArgs: [],
  mayChangeArgs: false,
  result: 'none',
  readsHistory: false
};

/** Module functions that set their module's state (seeds, the global generator, settings). */
const MODULE_FUNCTIONS: readonly IEntry[] = [
  {
    calls: ['numpy.random.seed', 'numpy.random.set_state'],
    facts: { changesReceiver: true },
    doc: 'https://numpy.org/doc/stable/reference/random/generated/numpy.random.seed.html'
  },
  {
    // The legacy functions draw from (and advance) numpy's one global RandomState.
    calls: ['numpy.random.*'],
    facts: { changesReceiver: true, result: 'none' },
    doc: 'https://numpy.org/doc/stable/reference/random/legacy.html'
  },
  {
    calls: ['numpy.random.default_rng', 'numpy.random.Generator', 'numpy.random.RandomState'],
    facts: { result: 'none' },
    doc: 'https://numpy.org/doc/stable/reference/random/generator.html'
  },
  {
    calls: ['numpy.set_printoptions', 'numpy.seterr', 'numpy.seterrcall', 'numpy.setbufsize'],
    facts: { changesReceiver: true },
    doc: 'https://numpy.org/doc/stable/reference/generated/numpy.set_printoptions.html'
  },
  {
    // Shuffles in place, drawing from the global generator.
    calls: ['numpy.random.shuffle'],
    facts: { changesReceiver: true, changesArgs: [0] },
    doc: 'https://numpy.org/doc/stable/reference/random/generated/numpy.random.shuffle.html'
  },
  {
    calls: ['numpy.copyto', 'numpy.put', 'numpy.place', 'numpy.putmask',
      'numpy.fill_diagonal', 'numpy.put_along_axis'],
    facts: { changesArgs: [0] },
    doc: 'https://numpy.org/doc/stable/reference/generated/numpy.copyto.html'
  },
  {
    // Views of their argument (or the argument itself), not copies.
    calls: ['numpy.asarray', 'numpy.asanyarray', 'numpy.ascontiguousarray', 'numpy.reshape',
      'numpy.ravel', 'numpy.transpose', 'numpy.swapaxes', 'numpy.moveaxis', 'numpy.rollaxis',
      'numpy.squeeze', 'numpy.expand_dims', 'numpy.atleast_1d', 'numpy.atleast_2d',
      'numpy.atleast_3d', 'numpy.broadcast_to', 'numpy.broadcast_arrays', 'numpy.split',
      'numpy.array_split', 'numpy.hsplit', 'numpy.vsplit', 'numpy.dsplit', 'numpy.diagonal',
      'numpy.flip', 'numpy.fliplr', 'numpy.flipud', 'numpy.rot90', 'numpy.real', 'numpy.imag',
      'numpy.frombuffer', 'numpy.einsum', 'numpy.lib.stride_tricks.*', 'numpy.matrix',
      'numpy.asmatrix', 'numpy.asfortranarray', 'numpy.require', 'numpy.ma.*', 'numpy.rec.*',
      'numpy.ndarray', 'numpy.nditer', 'numpy.vectorize', 'numpy.frompyfunc'],
    facts: { result: 'args' },
    doc: 'https://numpy.org/doc/stable/user/basics.copies.html'
  },
  {
    // Files `numpy.load` reads back: counted as numpy's state.
    calls: ['numpy.save', 'numpy.savez', 'numpy.savez_compressed', 'numpy.savetxt'],
    facts: { changesReceiver: true },
    doc: 'https://numpy.org/doc/stable/reference/generated/numpy.save.html'
  },
  {
    // "Return a new array ... without initializing entries": what memory held before.
    calls: ['numpy.empty', 'numpy.empty_like', 'torch.empty', 'torch.empty_like'],
    facts: { readsHistory: true },
    doc: 'https://numpy.org/doc/stable/reference/generated/numpy.empty.html'
  },
  {
    calls: ['pandas.set_option', 'pandas.reset_option', 'pandas.set_eng_float_format'],
    facts: { changesReceiver: true },
    doc: 'https://pandas.pydata.org/docs/reference/api/pandas.set_option.html'
  },
  {
    // Constructors may keep the array they are given without copying it.
    calls: ['pandas.DataFrame', 'pandas.Series', 'pandas.Index', 'pandas.array'],
    facts: { result: 'args' },
    doc: 'https://pandas.pydata.org/docs/reference/api/pandas.DataFrame.html'
  },
  {
    // Settings that outlive the figure.
    calls: ['matplotlib.pyplot.rc', 'matplotlib.pyplot.rcdefaults', 'matplotlib.pyplot.style.use',
      'matplotlib.pyplot.rcParams.update', 'matplotlib.pyplot.ion', 'matplotlib.pyplot.ioff',
      'matplotlib.pyplot.xkcd', 'matplotlib.pyplot.switch_backend', 'matplotlib.rc',
      'matplotlib.rcdefaults', 'matplotlib.use', 'matplotlib.style.use',
      'matplotlib.rcParams.update'],
    facts: { changesReceiver: true },
    doc: 'https://matplotlib.org/stable/users/explain/customizing.html'
  },
  {
    // pyplot draws on the current figure and axes, its state: a later cell's `plt.axis(...)`
    // acts on them unless the backend closed the figure when the cell ended (the inline one
    // does; others, and the widget backend, don't).
    calls: ['matplotlib.pyplot.*'],
    facts: { changesReceiver: true, result: 'args' },
    doc: 'https://matplotlib.org/stable/api/pyplot_summary.html'
  },
  {
    calls: ['seaborn.set', 'seaborn.set_theme', 'seaborn.set_style', 'seaborn.set_context',
      'seaborn.set_palette', 'seaborn.reset_defaults', 'seaborn.reset_orig'],
    facts: { changesReceiver: true },
    doc: 'https://seaborn.pydata.org/generated/seaborn.set_theme.html'
  },
  {
    calls: ['torch.manual_seed', 'torch.seed', 'torch.set_rng_state', 'torch.random.manual_seed',
      'torch.cuda.manual_seed', 'torch.cuda.manual_seed_all', 'torch.set_default_dtype',
      'torch.set_default_device', 'torch.set_default_tensor_type', 'torch.set_printoptions',
      'torch.set_grad_enabled', 'torch.use_deterministic_algorithms', 'torch.set_num_threads',
      'torch.autograd.set_detect_anomaly'],
    facts: { changesReceiver: true },
    doc: 'https://pytorch.org/docs/stable/generated/torch.manual_seed.html'
  },
  {
    // Sampling advances the default generator.
    calls: ['torch.rand', 'torch.rand_like', 'torch.randn', 'torch.randn_like', 'torch.randint',
      'torch.randint_like', 'torch.randperm', 'torch.normal', 'torch.bernoulli',
      'torch.multinomial', 'torch.poisson'],
    facts: { changesReceiver: true, result: 'none' },
    doc: 'https://pytorch.org/docs/stable/torch.html#random-sampling'
  },
  {
    calls: ['torch.from_numpy', 'torch.as_tensor', 'torch.as_strided', 'torch.reshape',
      'torch.transpose', 'torch.permute', 'torch.squeeze', 'torch.unsqueeze', 'torch.flatten',
      'torch.narrow', 'torch.split', 'torch.chunk', 'torch.unbind', 'torch.t', 'torch.detach',
      'torch.nn.Parameter'],
    facts: { result: 'args' },
    doc: 'https://pytorch.org/docs/stable/tensor_view.html'
  },
  {
    calls: ['random.seed', 'random.setstate', 'random.*'],
    facts: { changesReceiver: true, result: 'none' },
    doc: 'https://docs.python.org/3/library/random.html#bookkeeping-functions'
  },
  {
    calls: ['random.shuffle'],
    facts: { changesReceiver: true, changesArgs: [0] },
    doc: 'https://docs.python.org/3/library/random.html#random.shuffle'
  },
  {
    calls: ['random.choice', 'random.choices', 'random.sample'],
    facts: { changesReceiver: true, result: 'args' },
    doc: 'https://docs.python.org/3/library/random.html#functions-for-sequences'
  },
  {
    calls: ['sklearn.set_config'],
    facts: { changesReceiver: true },
    doc: 'https://scikit-learn.org/stable/modules/generated/sklearn.set_config.html'
  },
  {
    calls: ['tensorflow.random.set_seed', 'tensorflow.keras.utils.set_random_seed',
      'tensorflow.keras.backend.clear_session', 'tensorflow.config.*', 'keras.utils.set_random_seed',
      'keras.backend.clear_session'],
    facts: { changesReceiver: true },
    doc: 'https://www.tensorflow.org/api_docs/python/tf/random/set_seed'
  },
  {
    // Interpreter state: later cells depend on it without naming the module.
    calls: ['os.chdir', 'os.putenv', 'os.unsetenv', 'sys.path.*', 'sys.setrecursionlimit',
      'warnings.filterwarnings', 'warnings.simplefilter', 'warnings.resetwarnings',
      'logging.basicConfig', 'logging.disable', 'importlib.reload', 'importlib.invalidate_caches'],
    facts: { changesReceiver: true },
    doc: 'https://docs.python.org/3/library/os.html#os.chdir'
  },
  {
    calls: ['heapq.heappush', 'heapq.heappop', 'heapq.heapify', 'heapq.heappushpop',
      'heapq.heapreplace', 'bisect.insort', 'bisect.insort_left', 'bisect.insort_right'],
    facts: { changesArgs: [0] },
    doc: 'https://docs.python.org/3/library/heapq.html'
  }
]; // prettier-ignore

/**
 * Libraries whose functions, unless listed above, change none of their arguments and none of
 * their module's state: they return new objects (results that may be views are listed above).
 * An `out=` argument is the exception, and so are in-place functions named with a trailing `_`
 * (torch's convention). Other modules' functions may change their arguments.
 */
const PURE_LIBRARIES: readonly IEntry[] = [
  {
    // numpy returns new arrays except where it says a view (listed above).
    calls: ['numpy', 'math', 'statistics', 'cmath'],
    facts: { result: 'none' },
    doc: 'https://numpy.org/doc/stable/user/basics.copies.html'
  },
  {
    // Constructors and containers here may keep what they are given (`TensorDataset(X, y)`,
    // `csr_matrix(a)`, artists holding their data).
    calls: ['pandas', 'matplotlib', 'seaborn', 'torch', 'scipy', 'sklearn'],
    facts: { result: 'args' },
    doc: 'https://scikit-learn.org/stable/developers/develop.html#parameters-and-init'
  }
];

/** Methods by name, whatever the object: the name means the same in every library listed. */
const METHODS: readonly IEntry[] = [
  {
    calls: ['append', 'extend', 'insert', 'remove', 'reverse', 'clear'],
    facts: { changesReceiver: true },
    doc: 'https://docs.python.org/3/tutorial/datastructures.html#more-on-lists'
  },
  {
    calls: ['pop', 'popitem', 'setdefault'],
    facts: { changesReceiver: true, result: 'receiver' },
    doc: 'https://docs.python.org/3/library/stdtypes.html#mapping-types-dict'
  },
  {
    calls: ['update', 'add', 'discard', 'difference_update', 'intersection_update',
      'symmetric_difference_update'],
    facts: { changesReceiver: true },
    doc: 'https://docs.python.org/3/library/stdtypes.html#set-types-set-frozenset'
  },
  {
    // ndarray.sort, list.sort: in place, None returned.
    calls: ['sort', 'fill', 'resize', 'put', 'itemset', 'partition', 'setflags'],
    facts: { changesReceiver: true },
    doc: 'https://numpy.org/doc/stable/reference/generated/numpy.ndarray.sort.html'
  },
  {
    // Estimators learn in place and return themselves; the data they are given is unchanged
    // (the estimator may keep it: it holds the arguments).
    calls: ['fit', 'partial_fit', 'set_params', 'set_output'],
    facts: { changesReceiver: true, result: 'receiver' },
    doc: 'https://scikit-learn.org/stable/developers/develop.html#fitting'
  },
  {
    calls: ['fit_transform', 'fit_predict', 'fit_resample'],
    facts: { changesReceiver: true, result: 'all' },
    doc: 'https://scikit-learn.org/stable/glossary.html#term-fit_transform'
  },
  {
    calls: ['train', 'eval', 'zero_grad', 'step', 'load_state_dict', 'requires_grad_',
      'register_buffer', 'register_parameter', 'add_module', 'add_param_group', 'cuda', 'cpu',
      'to', 'apply'],
    facts: { changesReceiver: true, result: 'receiver' },
    doc: 'https://pytorch.org/docs/stable/generated/torch.nn.Module.html'
  },
  {
    // Axes and figures draw what they are given: the artists change, the data doesn't.
    calls: ['plot', 'scatter', 'hist', 'hist2d', 'bar', 'barh', 'imshow', 'matshow', 'contour',
      'contourf', 'pcolormesh', 'fill_between', 'errorbar', 'axhline', 'axvline', 'text',
      'annotate', 'legend', 'set_title', 'set_xlabel', 'set_ylabel', 'set_xlim', 'set_ylim',
      'set_xticks', 'set_yticks', 'set_xticklabels', 'set_yticklabels', 'grid', 'axis', 'pie',
      'boxplot', 'violinplot', 'add_subplot', 'subplots_adjust', 'suptitle', 'colorbar',
      'savefig', 'tight_layout', 'set_aspect', 'quiver', 'arrow', 'plot_surface', 'loglog',
      'semilogx', 'semilogy', 'stem', 'stackplot', 'set_facecolor'],
    facts: { changesReceiver: true, result: 'all' },
    doc: 'https://matplotlib.org/stable/api/axes_api.html'
  },
  {
    // Results computed from the receiver, new objects or scalars.
    calls: ['min', 'max', 'sum', 'mean', 'std', 'var', 'prod', 'argmax', 'argmin', 'argsort',
      'all', 'any', 'item', 'tolist', 'cumsum', 'cumprod', 'round', 'dot', 'nonzero', 'ptp',
      'median', 'nunique', 'count', 'index', 'isna', 'isnull', 'notna', 'notnull', 'corr',
      'cov', 'describe', 'value_counts', 'unique', 'quantile', 'abs', 'astype', 'clone',
      'norm', 'numel', 'dim', 'size', 'tobytes', 'equals', 'isin', 'duplicated', 'idxmax',
      'idxmin', 'mode', 'memory_usage', 'to_list', 'to_dict'],
    facts: {},
    doc: 'https://numpy.org/doc/stable/reference/arrays.ndarray.html#calculation'
  },
  {
    // A copy: arrays and frames copy their data (a list's copy still holds the same items).
    calls: ['copy', 'deepcopy'],
    facts: {},
    doc: 'https://numpy.org/doc/stable/reference/generated/numpy.ndarray.copy.html'
  },
  {
    calls: ['predict', 'predict_proba', 'predict_log_proba', 'decision_function', 'score',
      'transform', 'inverse_transform', 'get_params', 'get_feature_names_out', 'score_samples',
      'kneighbors'],
    facts: {},
    doc: 'https://scikit-learn.org/stable/glossary.html#methods'
  },
  {
    calls: ['lower', 'upper', 'strip', 'lstrip', 'rstrip', 'rsplit', 'splitlines',
      'format', 'startswith', 'endswith', 'encode', 'decode', 'title', 'capitalize', 'zfill',
      'isdigit', 'isalpha', 'casefold', 'center', 'ljust', 'rjust', 'find', 'rfind'],
    facts: {},
    doc: 'https://docs.python.org/3/library/stdtypes.html#string-methods'
  },
  {
    // Views of the receiver, or parts of it: changing them changes it.
    calls: ['reshape', 'view', 'view_as', 'ravel', 'transpose', 'swapaxes', 'squeeze',
      'unsqueeze', 'expand', 'expand_as', 'flatten', 'permute', 'narrow', 'detach', 'numpy',
      'to_numpy', 'diagonal', 'head', 'tail', 'keys', 'values', 'items', 'get', 'groupby',
      'contiguous', 'split', 'chunk', 'unbind', 't'],
    facts: { result: 'receiver' },
    doc: 'https://numpy.org/doc/stable/user/basics.copies.html'
  },
  {
    // New frames whose data may still be the receiver's (pandas before copy-on-write).
    calls: ['sort_values', 'sort_index', 'drop', 'dropna', 'fillna', 'rename', 'reset_index',
      'set_index', 'replace', 'assign', 'query', 'filter', 'sample', 'merge', 'join', 'concat',
      'pivot', 'pivot_table', 'melt', 'agg', 'aggregate', 'reindex', 'where', 'mask', 'clip',
      'to_frame', 'select_dtypes', 'drop_duplicates', 'nlargest', 'nsmallest', 'iterrows',
      'itertuples'],
    facts: { result: 'receiver' },
    doc: 'https://pandas.pydata.org/docs/user_guide/copy_on_write.html'
  }
]; // prettier-ignore

/** Builtins by name. */
const BUILTINS: readonly IEntry[] = [
  {
    calls: ['print', 'len', 'str', 'repr', 'int', 'float', 'bool', 'complex', 'hash', 'id',
      'isinstance', 'issubclass', 'callable', 'hasattr', 'format', 'ord', 'chr', 'bin', 'hex',
      'oct', 'divmod', 'pow', 'abs', 'round', 'sum', 'any', 'all', 'type', 'range', 'open',
      'display', 'ascii', 'input', 'repr', 'bytes'],
    facts: {},
    doc: 'https://docs.python.org/3/library/functions.html'
  },
  {
    // New containers (or iterators) that hold the items of their arguments.
    calls: ['list', 'tuple', 'set', 'frozenset', 'dict', 'sorted', 'min', 'max', 'enumerate',
      'zip', 'reversed', 'iter', 'map', 'filter', 'getattr', 'super', 'memoryview'],
    facts: { result: 'args' },
    doc: 'https://docs.python.org/3/library/functions.html'
  },
  {
    calls: ['next', 'setattr', 'delattr'],
    facts: { changesArgs: [0], result: 'args' },
    doc: 'https://docs.python.org/3/library/functions.html#next'
  }
]; // prettier-ignore

/** Conventional names of modules, used when the cell that imports them is not at hand. */
const CONVENTIONAL: ReadonlyMap<string, string> = new Map([
  ['np', 'numpy'], ['numpy', 'numpy'], ['pd', 'pandas'], ['pandas', 'pandas'],
  ['plt', 'matplotlib.pyplot'], ['mpl', 'matplotlib'], ['matplotlib', 'matplotlib'],
  ['sns', 'seaborn'], ['seaborn', 'seaborn'], ['torch', 'torch'], ['nn', 'torch.nn'],
  ['F', 'torch.nn.functional'], ['tf', 'tensorflow'], ['scipy', 'scipy'], ['sklearn', 'sklearn'],
  ['random', 'random'], ['math', 'math'], ['os', 'os'], ['sys', 'sys'], ['warnings', 'warnings'],
  ['statistics', 'statistics']
]); // prettier-ignore

/** Entries by name; `prefix.*` entries by their prefix. */
function index(entries: readonly IEntry[]): {
  exact: Map<string, ICallFacts>;
  prefixes: [string, ICallFacts][];
} {
  const exact = new Map<string, ICallFacts>();
  const prefixes: [string, ICallFacts][] = [];
  for (const entry of entries) {
    const facts = { ...READS, ...entry.facts };
    for (const call of entry.calls) {
      if (call.endsWith('.*')) {
        prefixes.push([call.slice(0, -1), facts]);
      } else if (!exact.has(call)) {
        exact.set(call, facts);
      }
    }
  }
  return { exact, prefixes };
}

const MODULES = index(MODULE_FUNCTIONS);
const LIBRARIES = index(PURE_LIBRARIES).exact;
const METHOD_FACTS = index(METHODS).exact;
const BUILTIN_FACTS = index(BUILTINS).exact;

/** The module a name refers to: the cell's own imports first, then the usual names. */
export function moduleOf(
  name: string,
  imports: ReadonlyMap<string, string>
): string | null {
  return imports.get(name) ?? CONVENTIONAL.get(name) ?? null;
}

/** A module function's facts, by its dotted path (`numpy.random.seed`). */
export function moduleCallFacts(path: string): ICallFacts {
  const exact = MODULES.exact.get(path);
  if (exact) {
    return exact;
  }
  const prefixed = MODULES.prefixes.find(([p]) => path.startsWith(p));
  if (prefixed) {
    return prefixed[1];
  }
  const name = path.slice(path.lastIndexOf('.') + 1);
  const library = LIBRARIES.get(path.split('.')[0]);
  if (library) {
    // torch.nn.init.normal_(w): a trailing `_` changes the first argument in place.
    return inPlaceName(name) ? { ...library, changesArgs: [0] } : library;
  }
  // A module's function leaves the module as it was; its arguments are another matter.
  return { ...UNKNOWN, changesReceiver: false };
}

/**
 * A method's facts, by name (`a.sort()`); `keywords` are the call's keyword names and values
 * (`inplace=True` makes a pandas method change its receiver).
 */
export function methodCallFacts(
  name: string,
  keywords: ReadonlyMap<string, string>
): ICallFacts {
  if (keywords.get('inplace') === 'True') {
    return { ...READS, changesReceiver: true };
  }
  if (inPlaceName(name)) {
    return { ...READS, changesReceiver: true, result: 'receiver' };
  }
  return METHOD_FACTS.get(name) ?? UNKNOWN;
}

/** A builtin function's facts (`len(x)`); unknown functions are conservative. */
export function functionCallFacts(name: string): ICallFacts {
  return BUILTIN_FACTS.get(name) ?? UNKNOWN;
}

/** torch's in-place spelling: `add_`, `normal_` (not `__init__`, not `_private`). */
function inPlaceName(name: string): boolean {
  return /^[a-z][a-z0-9_]*[a-z0-9]_$/.test(name);
}

/** The table's entries, for tests and documentation: each with its citation. */
export const CALL_TABLE = {
  moduleFunctions: MODULE_FUNCTIONS,
  pureLibraries: PURE_LIBRARIES,
  methods: METHODS,
  builtins: BUILTINS
};
