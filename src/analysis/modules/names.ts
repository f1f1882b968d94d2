/** The functions and classes a cell defines at its top level: what a move can take from it. */
import { ICellFlow } from '../core/index.js';
import { ClosureWalker } from './closure.js';

export function definitionNames(flow: ICellFlow, code: number): string[] {
  return ClosureWalker.units(flow, code).map(u => u.name);
}
