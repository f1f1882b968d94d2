import { Contents, ServerConnection } from '@jupyterlab/services';
import {
  changedBefore,
  changedSince,
  restoreAll,
  serverPath,
  testsPathOf,
  writeAll
} from './files';

/**
 * A contents manager over a map, with one checkpoint per file as the server keeps them;
 * saving `locked/` fails as a read-only folder does.
 */
function fakeContents(
  files: Map<string, string>,
  checkpoints = new Map<string, string>()
): Contents.IManager {
  // Each checkpoint's time: its content, as good as a time for telling two apart.
  const model = (path: string) => ({
    id: 'checkpoint',
    last_modified: checkpoints.get(path)!
  });
  const fake = {
    createCheckpoint: async (path: string) => {
      checkpoints.set(path, files.get(path)!);
      return model(path);
    },
    listCheckpoints: async (path: string) =>
      checkpoints.has(path) ? [model(path)] : [],
    restoreCheckpoint: async (path: string, id: string) => {
      if (id !== 'checkpoint' || !checkpoints.has(path)) {
        throw new Error('No such checkpoint: ' + path);
      }
      files.set(path, checkpoints.get(path)!);
    },
    get: async (path: string) => {
      if (!files.has(path)) {
        throw new ServerConnection.ResponseError(
          new Response(null, { status: 404 })
        );
      }
      return { type: 'file', content: files.get(path) };
    },
    save: async (path: string, options: { content: string }) => {
      if (path.startsWith('locked/')) {
        throw new Error('Permission denied: ' + path);
      }
      files.set(path, options.content);
      return {};
    },
    delete: async (path: string) => {
      files.delete(path);
    }
  };
  return fake as unknown as Contents.IManager;
}

describe('the files of a move', () => {
  it('places the module beside the notebook and refuses the outside of the root', () => {
    expect(serverPath('work/a.ipynb', 'lib/m.py')).toBe('work/lib/m.py');
    expect(serverPath('a.ipynb', 'm.py')).toBe('m.py');
    expect(serverPath('work/a.ipynb', '../../m.py')).toBeNull();
    expect(serverPath('a.ipynb', '../m.py')).toBeNull();
    expect(testsPathOf('lib/m.py')).toBe('lib/test_m.py');
  });

  it('puts back what it wrote when a later file fails, and names that file', async () => {
    const files = new Map([['m.py', 'old\n']]);
    const contents = fakeContents(files);
    await expect(
      writeAll(contents, [
        { path: 'm.py', before: 'old\n', after: 'new\n' },
        { path: 'new.py', before: null, after: 'x\n' },
        { path: 'locked/test_m.py', before: null, after: 't\n' }
      ])
    ).rejects.toThrow('locked/test_m.py: Permission denied');
    expect([...files]).toEqual([['m.py', 'old\n']]);
  });

  it('knows a file edited while the dialog was open', async () => {
    const files = new Map([['m.py', 'edited\n']]);
    const contents = fakeContents(files);
    expect(
      await changedBefore(contents, [
        { path: 'm.py', before: 'old\n', after: 'new\n' },
        { path: 'gone.py', before: null, after: 'x\n' }
      ])
    ).toEqual(['m.py']);
  });

  it('keeps an existing file as a checkpoint and undoes from it, with nothing in memory', async () => {
    const files = new Map([['m.py', 'old\n']]);
    const checkpoints = new Map<string, string>();
    const written = await writeAll(fakeContents(files, checkpoints), [
      { path: 'm.py', before: 'old\n', after: 'new\n' },
      { path: 'test_m.py', before: null, after: 't\n' }
    ]);
    expect(written).toEqual([
      {
        path: 'm.py',
        after: 'new\n',
        checkpoint: 'checkpoint',
        checkpointTime: 'old\n'
      },
      { path: 'test_m.py', after: 't\n', checkpoint: null }
    ]);
    expect(checkpoints.get('m.py')).toBe('old\n');
    // As after a reload: only the JSON record and the server's files and checkpoints.
    const record = JSON.parse(JSON.stringify(written));
    const contents = fakeContents(files, checkpoints);
    expect(await changedSince(contents, record)).toEqual([]);
    await restoreAll(contents, record);
    expect([...files]).toEqual([['m.py', 'old\n']]);
  });

  it('writes nothing when the checkpoint of an existing file cannot be made', async () => {
    const files = new Map([['m.py', 'old\n']]);
    const contents = fakeContents(files);
    contents.createCheckpoint = async () => {
      throw new Error('Permission denied');
    };
    await expect(
      writeAll(contents, [
        { path: 'new.py', before: null, after: 'x\n' },
        { path: 'm.py', before: 'old\n', after: 'new\n' }
      ])
    ).rejects.toThrow('m.py: its current content could not be kept');
    expect([...files]).toEqual([['m.py', 'old\n']]);
  });

  it('refuses to undo from a checkpoint made again since the move, changing nothing', async () => {
    const files = new Map([['m.py', 'old\n']]);
    const checkpoints = new Map<string, string>();
    const contents = fakeContents(files, checkpoints);
    const written = await writeAll(contents, [
      { path: 'm.py', before: 'old\n', after: 'new\n' },
      { path: 'test_m.py', before: null, after: 't\n' }
    ]);
    // "Save and Create Checkpoint" in the editor, the content unchanged.
    await contents.createCheckpoint('m.py');
    await expect(restoreAll(contents, written)).rejects.toThrow(
      'm.py: its checkpoint from before the move was replaced since'
    );
    expect(files.get('m.py')).toBe('new\n');
    expect(files.get('test_m.py')).toBe('t\n');
  });
});
