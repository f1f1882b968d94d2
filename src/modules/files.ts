import { PathExt } from '@jupyterlab/coreutils';
import { Contents, ServerConnection } from '@jupyterlab/services';

/** A file the move reads or writes, with why it can't when it can't. */
export class MoveFileError extends Error {}

/**
 * The server path of `module` (relative to the notebook's folder), or null when it leaves the
 * server's root: the contents API can't reach it, and the notebook could not import it so.
 */
export function serverPath(
  notebookPath: string,
  module: string
): string | null {
  const joined = PathExt.join(PathExt.dirname(notebookPath), module);
  return joined === '..' || joined.startsWith('../') ? null : joined;
}

/** `lib/ml.py` -> `lib/test_ml.py`, as the engine names the moved tests. */
export function testsPathOf(module: string): string {
  const slash = module.lastIndexOf('/');
  return `${module.slice(0, slash + 1)}test_${module.slice(slash + 1)}`;
}

function status(error: unknown): number | null {
  return error instanceof ServerConnection.ResponseError
    ? error.response.status
    : null;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A `.py` file's text, or null when it does not exist. */
export async function readText(
  contents: Contents.IManager,
  path: string
): Promise<string | null> {
  let model: Contents.IModel;
  try {
    model = await contents.get(path, {
      type: 'file',
      format: 'text',
      content: true
    });
  } catch (error) {
    if (status(error) === 404) {
      return null;
    }
    throw new MoveFileError(`${path}: ${reason(error)}`);
  }
  if (model.type !== 'file' || typeof model.content !== 'string') {
    throw new MoveFileError(`${path} exists and is not a text file`);
  }
  return model.content;
}

/** A file the move writes: its text before (null: it did not exist) and after. */
export interface IFileWrite {
  path: string;
  before: string | null;
  after: string;
}

async function put(
  contents: Contents.IManager,
  path: string,
  text: string | null
): Promise<void> {
  if (text === null) {
    await contents.delete(path);
  } else {
    await contents.save(path, { type: 'file', format: 'text', content: text });
  }
}

/**
 * A file the move wrote, as Undo move needs it: plain JSON, so that it can outlive the page.
 * The earlier content is not here but on the server, as the file's checkpoint.
 */
export interface IFileWritten {
  path: string;
  /** What the move wrote: undo refuses when the file holds something else now. */
  after: string;
  /** The checkpoint holding the earlier content; null when the move created the file. */
  checkpoint: string | null;
  /** When that checkpoint was made: a later one of the same id holds something else. */
  checkpointTime?: string;
}

/** Keeps an existing file's current content as a checkpoint on the server; its id. */
async function keep(
  contents: Contents.IManager,
  write: IFileWrite
): Promise<Contents.ICheckpointModel | null> {
  if (write.before === null) {
    return null;
  }
  try {
    return await contents.createCheckpoint(write.path);
  } catch (error) {
    throw new MoveFileError(
      `${write.path}: its current content could not be kept as a checkpoint (${reason(error)})`
    );
  }
}

/**
 * Writes the files in order, each existing one kept first as a checkpoint; when one fails,
 * those already written get their earlier content back, so that a failure changes nothing,
 * and the error says which file and why.
 */
export async function writeAll(
  contents: Contents.IManager,
  writes: readonly IFileWrite[]
): Promise<IFileWritten[]> {
  const done: IFileWritten[] = [];
  for (const write of writes) {
    try {
      const checkpoint = await keep(contents, write);
      await put(contents, write.path, write.after);
      done.push({
        path: write.path,
        after: write.after,
        checkpoint: checkpoint?.id ?? null,
        ...(checkpoint ? { checkpointTime: checkpoint.last_modified } : {})
      });
    } catch (error) {
      await Promise.allSettled(
        writes.slice(0, done.length).map(w => put(contents, w.path, w.before))
      );
      throw error instanceof MoveFileError
        ? error
        : new MoveFileError(`${write.path}: ${reason(error)}`);
    }
  }
  return done;
}

/**
 * Throws, before anything is restored, when a file's checkpoint is no longer the one the move
 * made (e.g. "Save and Create Checkpoint" in the editor replaced it): it would not give back
 * the earlier content.
 */
async function checkpointsKept(
  contents: Contents.IManager,
  written: readonly IFileWritten[]
): Promise<void> {
  for (const file of written) {
    if (file.checkpoint === null || file.checkpointTime === undefined) {
      continue;
    }
    let found: Contents.ICheckpointModel | undefined;
    try {
      found = (await contents.listCheckpoints(file.path)).find(
        c => c.id === file.checkpoint
      );
    } catch (error) {
      throw new MoveFileError(`${file.path}: ${reason(error)}`);
    }
    if (found?.last_modified !== file.checkpointTime) {
      throw new MoveFileError(
        `${file.path}: its checkpoint from before the move was replaced since; restore it by hand`
      );
    }
  }
}

/**
 * Puts the files back as they were before the move: from their checkpoint, or deleted when
 * the move created them.
 */
export async function restoreAll(
  contents: Contents.IManager,
  written: readonly IFileWritten[]
): Promise<void> {
  await checkpointsKept(contents, written);
  for (const file of written) {
    try {
      if (file.checkpoint === null) {
        await contents.delete(file.path);
      } else {
        await contents.restoreCheckpoint(file.path, file.checkpoint);
      }
    } catch (error) {
      throw new MoveFileError(`${file.path}: ${reason(error)}`);
    }
  }
}

/** The writes whose file no longer holds what the plan was made against (edited meanwhile). */
export async function changedBefore(
  contents: Contents.IManager,
  writes: readonly IFileWrite[]
): Promise<string[]> {
  const changed: string[] = [];
  for (const write of writes) {
    if ((await readText(contents, write.path)) !== write.before) {
      changed.push(write.path);
    }
  }
  return changed;
}

/** The writes whose file no longer holds what the move wrote (edited since). */
export async function changedSince(
  contents: Contents.IManager,
  writes: readonly IFileWritten[]
): Promise<string[]> {
  const changed: string[] = [];
  for (const write of writes) {
    if ((await readText(contents, write.path)) !== write.after) {
      changed.push(write.path);
    }
  }
  return changed;
}

/** Those of `modules` (relative to the notebook) that exist as files on the server. */
export async function existingFiles(
  contents: Contents.IManager,
  notebookPath: string,
  modules: readonly string[]
): Promise<string[]> {
  const found = await Promise.all(
    modules.map(async module => {
      const path = serverPath(notebookPath, module);
      try {
        const model = path
          ? await contents.get(path, { type: 'file', content: false })
          : null;
        return model?.type === 'file' ? module : null;
      } catch {
        return null;
      }
    })
  );
  return found.filter((m): m is string => m !== null);
}
