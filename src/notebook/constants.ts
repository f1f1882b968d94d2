/** The cell tag that makes a cell a test cell (and that new smoke-test cells carry). */
export const TEST_TAG = 'test';

/** The cell metadata key of the cell's tags (nbformat's). */
export const TAGS_KEY = 'tags';

/** The cell tag that tells the repeated-work flags to leave the cell alone. */
export const IGNORE_TAG = 'no-sane';

/** The cell metadata key under which the extension keeps its state (e.g. dismissed flags). */
export const METADATA_KEY = 'jupyterlab-sane';

/** The string tags of a cell's `tags` metadata, whatever the metadata holds. */
export function tagList(tags: unknown): string[] {
  return Array.isArray(tags)
    ? tags.filter((t): t is string => typeof t === 'string')
    : [];
}
