import { ICellFlow } from '../analysis/index.js';
import { isIdentifier } from '../analysis/index.js';

/** At most this many paths are asked about: each is one request to the server. */
const MAX_ASKED = 20;

/**
 * The `.py` paths (relative to the notebook) that the notebook's imports may come from, in
 * the order they are first imported: `from helpers import area` -> `helpers.py`,
 * `helpers/area.py`. Which of them exist is for the server to say.
 */
export function importedModulePaths(flows: readonly ICellFlow[]): string[] {
  const out = new Set<string>();
  for (const flow of flows) {
    for (const path of flow.analysis.imports.values()) {
      const parts = path.split('.');
      if (!parts.every(isIdentifier) || parts[0] === '__future__') {
        continue;
      }
      parts.forEach((_, k) => out.add(`${parts.slice(0, k + 1).join('/')}.py`));
    }
  }
  return [...out].slice(0, MAX_ASKED);
}
