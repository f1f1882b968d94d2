/**
 * The calls that read or write data files, as data: which argument holds the path, under which
 * keyword, and whether the call reads or writes. Functions by the dotted name they resolve to
 * (through the notebook's imports); methods by name, on any receiver (`df.to_csv`).
 */

export type DataMode = 'read' | 'write';

export interface IDataCall {
  mode: DataMode;
  /** Position of the path among the positional arguments. */
  arg: number;
  /** Keywords that may hold the path instead. */
  keywords: readonly string[];
  /** A mode argument (`open`, `h5py.File`): position and keyword; 'w', 'a', 'x' write. */
  modeArg?: { arg: number; keyword: string };
  /** A pattern or a folder listing: never one exact file. */
  pattern?: boolean;
  /** An extension the call adds when the name lacks it (`np.save('x')` writes x.npy). */
  extension?: string;
}

const read = (arg: number, ...keywords: string[]): IDataCall => ({
  mode: 'read',
  arg,
  keywords
});
const write = (arg: number, ...keywords: string[]): IDataCall => ({
  mode: 'write',
  arg,
  keywords
});
const listing = (...keywords: string[]): IDataCall => ({
  mode: 'read',
  arg: 0,
  keywords,
  pattern: true
});
const withMode = (
  call: IDataCall,
  arg: number,
  keyword = 'mode'
): IDataCall => ({ ...call, modeArg: { arg, keyword } });

/** Functions by their full dotted name. */
export const DATA_FUNCTIONS: ReadonlyMap<string, IDataCall> = new Map([
  ['open', withMode(read(0, 'file'), 1)],
  ['io.open', withMode(read(0, 'file'), 1)],
  ['numpy.load', read(0, 'file')],
  ['numpy.loadtxt', read(0, 'fname')],
  ['numpy.genfromtxt', read(0, 'fname')],
  ['numpy.fromfile', read(0, 'file')],
  ['numpy.memmap', withMode(read(0, 'filename'), 2)],
  ['numpy.save', { ...write(0, 'file'), extension: '.npy' }],
  ['numpy.savez', { ...write(0, 'file'), extension: '.npz' }],
  ['numpy.savez_compressed', { ...write(0, 'file'), extension: '.npz' }],
  ['numpy.savetxt', write(0, 'fname')],
  ['torch.load', read(0, 'f')],
  ['torch.save', write(1, 'f')],
  ['safetensors.torch.load_file', read(0, 'filename')],
  ['safetensors.torch.save_file', write(1, 'filename')],
  ['joblib.load', read(0, 'filename')],
  ['joblib.dump', write(1, 'filename')],
  ['h5py.File', withMode(read(0, 'name'), 1)],
  ['netCDF4.Dataset', withMode(read(0, 'filename'), 1)],
  ['zarr.open', withMode(read(0, 'store'), 1)],
  ['xarray.open_dataset', read(0, 'filename_or_obj')],
  ['xarray.open_dataarray', read(0, 'filename_or_obj')],
  ['xarray.open_mfdataset', { ...read(0, 'paths'), pattern: true }],
  ['xarray.open_zarr', read(0, 'store')],
  ['xarray.load_dataset', read(0, 'filename_or_obj')],
  ['xarray.load_dataarray', read(0, 'filename_or_obj')],
  ['PIL.Image.open', read(0, 'fp')],
  ['imageio.imread', read(0, 'uri')],
  ['imageio.v3.imread', read(0, 'uri')],
  ['imageio.imwrite', write(0, 'uri')],
  ['cv2.imread', read(0, 'filename')],
  ['cv2.imwrite', write(0, 'filename')],
  ['matplotlib.pyplot.imread', read(0, 'fname')],
  ['matplotlib.pyplot.savefig', write(0, 'fname')],
  ['matplotlib.pyplot.imsave', write(0, 'fname')],
  ['matplotlib.image.imread', read(0, 'fname')],
  ['matplotlib.image.imsave', write(0, 'fname')],
  ['scipy.io.loadmat', read(0, 'file_name')],
  ['scipy.io.savemat', write(0, 'file_name')],
  ['pyarrow.parquet.read_table', read(0, 'source')],
  ['pyarrow.parquet.write_table', write(1, 'where')],
  ['glob.glob', listing('pathname')],
  ['glob.iglob', listing('pathname')],
  ['os.listdir', listing('path')],
  ['os.scandir', listing('path')],
  ['os.walk', listing('top')],
  ['tarfile.open', withMode(read(0, 'name'), 1)],
  ['zipfile.ZipFile', withMode(read(0, 'file'), 1)],
  ['urllib.request.urlretrieve', write(1, 'filename')],
  ['datasets.load_from_disk', read(0, 'dataset_path')],
  ['tensorflow.keras.models.load_model', read(0, 'filepath')],
  ['keras.models.load_model', read(0, 'filepath')],
  ['shutil.copy', read(0, 'src')],
  ['shutil.copyfile', read(0, 'src')],
  ['shutil.copytree', read(0, 'src')]
]);

/** Functions of a module family by prefix: `pandas.read_*`, `polars.scan_*`. */
export const DATA_PREFIXES: readonly [string, IDataCall][] = [
  [
    'pandas.read_',
    read(0, 'filepath_or_buffer', 'path', 'path_or_buf', 'io', 'path_or_buffer')
  ],
  ['polars.read_', read(0, 'source')],
  ['polars.scan_', read(0, 'source')]
];

/** Second paths of two-path calls: the destination of a copy. */
export const DATA_DESTINATIONS: ReadonlyMap<string, IDataCall> = new Map([
  ['shutil.copy', write(1, 'dst')],
  ['shutil.copyfile', write(1, 'dst')],
  ['shutil.copytree', write(1, 'dst')]
]);

const TO_KEYWORDS = ['path_or_buf', 'path', 'excel_writer', 'fname'];

/** Methods on any receiver (a data frame, an array, a dataset, a figure). */
export const DATA_METHODS: ReadonlyMap<string, IDataCall> = new Map([
  ...[
    'to_csv',
    'to_parquet',
    'to_pickle',
    'to_hdf',
    'to_json',
    'to_feather',
    'to_excel',
    'to_stata',
    'to_orc',
    'to_netcdf',
    'to_zarr',
    'write_csv',
    'write_parquet'
  ].map((name): [string, IDataCall] => [name, write(0, ...TO_KEYWORDS)]),
  ['save_to_disk', write(0, 'dataset_path')],
  ['savefig', write(0, 'fname')],
  ['tofile', write(0, 'fid')]
]);

/** Methods of a value the analysis knows is a path (`Path('x').read_text()`). */
export const PATH_METHODS: ReadonlyMap<string, IDataCall> = new Map([
  ['read_text', read(-1)],
  ['read_bytes', read(-1)],
  ['open', withMode(read(-1), 0)],
  ['write_text', write(-1)],
  ['write_bytes', write(-1)],
  ['iterdir', { ...read(-1), pattern: true }],
  ['glob', { ...read(-1), pattern: true }],
  ['rglob', { ...read(-1), pattern: true }]
]);

/** The conventional aliases, for notebooks that use them without importing them. */
export const CONVENTIONAL: ReadonlyMap<string, string> = new Map([
  ['pd', 'pandas'],
  ['np', 'numpy'],
  ['xr', 'xarray'],
  ['plt', 'matplotlib.pyplot'],
  ['pl', 'polars'],
  ['tf', 'tensorflow'],
  ['pq', 'pyarrow.parquet']
]);

/** The call a dotted name means, if it reads or writes data. */
export function dataFunction(dotted: string): IDataCall | null {
  const exact = DATA_FUNCTIONS.get(dotted);
  if (exact) {
    return exact;
  }
  for (const [prefix, call] of DATA_PREFIXES) {
    if (dotted.startsWith(prefix) && !dotted.includes('.', prefix.length)) {
      return call;
    }
  }
  return null;
}

/**
 * Whether a mode writes: open's and h5py's short modes (`'wb'`, `'a'`, `'x'`, `'w-'`; `'r+'`
 * reads first), and numpy.memmap's long ones (`'write'`; `'readonly'`, `'readwrite'` read).
 */
export function modeWrites(mode: string): boolean {
  const m = mode.trim();
  return m === 'write' || (m.length <= 3 && /[wax]/.test(m));
}
