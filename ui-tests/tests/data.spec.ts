import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { activeCell, openCells } from './notebookJSON';

test.setTimeout(120000);

// A file in memory (/dev/shm, a tmpfs) and one on the disk under the server root: two tiers.
const SHM = path.join(
  '/dev/shm',
  `sane-galata-${process.pid}-${os.hostname()}.csv`
);

test.beforeAll(() => fs.writeFileSync(SHM, 'a,b\n1,2\n'));
test.afterAll(() => fs.rmSync(SHM, { force: true }));

test('the Data panel shows a tmpfs file and a disk file with their tiers, and jumps to the reading cell', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadContent(
    'x,y\n' + '1,2\n'.repeat(1000),
    'text',
    `${tmpPath}/local.csv`
  );
  await openCells(page, tmpPath, 'data.ipynb', [
    ['markdown', '# Two files'],
    ['code', "import pandas as pd\ndf = pd.read_csv('local.csv')"],
    ['code', `with open('${SHM}') as f:\n    text = f.read()`],
    ['code', "df.to_parquet('out.parquet')"]
  ]);
  await page.evaluate(() =>
    window.jupyterapp.shell.activateById('jp-sane-data')
  );
  const panel = page.locator('#jp-sane-data');
  const disk = panel.locator('.jp-sane-DataPanel-row[data-path="local.csv"]');
  const memory = panel.locator(`.jp-sane-DataPanel-row[data-path="${SHM}"]`);
  await expect(memory).toHaveAttribute('data-tier', 'tmpfs');
  await expect(memory).toContainText('tmpfs · /dev/shm (tmpfs)');
  await expect(disk).toHaveAttribute('data-tier', /^(local|network|parallel)$/);
  await expect(disk).toContainText('3.9 KiB');
  await expect(disk).toContainText('MB/s');
  await expect(disk.locator('.jp-sane-DataPanel-copies')).toHaveText(
    'one copy'
  );
  // A file the notebook only writes, not there yet.
  const written = panel.locator(
    '.jp-sane-DataPanel-row[data-path="out.parquet"]'
  );
  await expect(written).toContainText('written by cell 4');
  await expect(written).toContainText('not there (yet)');

  await page.notebook.selectCells(0);
  await memory.getByRole('button', { name: 'cell 3' }).click();
  await expect.poll(() => activeCell(page)).toBe(2);
  await disk.getByRole('button', { name: 'cell 2' }).click();
  await expect.poll(() => activeCell(page)).toBe(1);

  // The health popover's Data line: the worst finding (both files read have one copy).
  await page.locator('.jp-sane-HealthStatus').click();
  const line = page.locator('.jp-sane-HealthPopover tr[data-check="data"]');
  await expect(line).toContainText('2 files have one copy');
  await expect(line).toHaveAttribute('data-level', 'warning');
});
