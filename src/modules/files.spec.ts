import { Contents, ServerConnection } from '@jupyterlab/services';
import { changedBefore, serverPath, testsPathOf, writeAll } from './files';

/** A contents manager over a map; saving `locked/` fails as a read-only folder does. */
function fakeContents(files: Map<string, string>): Contents.IManager {
  const fake = {
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
});
