import { IJupyterLabPageFixture } from '@jupyterlab/galata';

/** A cell of the current notebook as nbformat JSON. */
export interface ICellJSON {
  cell_type: string;
  source: string | string[];
  outputs?: {
    output_type: string;
    text?: string | string[];
    data?: Record<string, unknown>;
  }[];
}

/** The cells of the notebook in the main area, read from its model (windowing aside). */
export async function cellsJSON(
  page: IJupyterLabPageFixture
): Promise<ICellJSON[]> {
  return page.evaluate(() => {
    const panel = window.jupyterapp.shell.currentWidget as unknown as {
      content: { model: { toJSON(): { cells: ICellJSON[] } } };
    };
    return panel.content.model.toJSON().cells;
  });
}

export const text = (value: unknown): string =>
  Array.isArray(value) ? value.join('') : String(value ?? '');

/** What a cell showed: each output's type with its stream text or plain-text value. */
export function outputText(cell: ICellJSON): string[] {
  return (cell.outputs ?? []).map(
    o => `${o.output_type}:${text(o.text ?? o.data?.['text/plain'])}`
  );
}
