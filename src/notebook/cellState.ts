import { Cell } from '@jupyterlab/cells';

/** The attribute a cell's state marker (stale, tests) holds its state's age in. */
const SINCE = 'data-sane-since';
/** The class of a marker a newer state of its cell hides. */
const SUPERSEDED = 'jp-sane-mod-superseded';

/** A counter, not a clock: only the order of the states matters. */
let clock = 0;

/**
 * One state per cell, the newest: each feature's marker on a cell says when its state began
 * (`changed`: it begins now), and only the newest of a cell's markers shows. Call after
 * drawing or removing a marker.
 */
export function showNewestState(
  cell: Cell,
  marker: HTMLElement | null,
  changed: boolean
): void {
  if (marker && (changed || !marker.hasAttribute(SINCE))) {
    marker.setAttribute(SINCE, String(++clock));
  }
  const markers = Array.from(
    cell.node.querySelectorAll<HTMLElement>(`:scope > [${SINCE}]`)
  );
  const age = (m: HTMLElement) => Number(m.getAttribute(SINCE));
  const newest = markers.reduce<HTMLElement | null>(
    (best, m) => (best === null || age(m) > age(best) ? m : best),
    null
  );
  for (const m of markers) {
    m.classList.toggle(SUPERSEDED, m !== newest);
  }
}
