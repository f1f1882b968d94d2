import { sliceOf } from './slice';
import { codeCells } from '../../testing/analysis';

/** The code cells (by position among `sources`) that the last cell needs. */
function needs(...sources: string[]): number[] {
  return sliceOf(codeCells(sources), sources.length - 1);
}

describe('sliceOf, files one cell writes and a later one reads', () => {
  it('keeps the cell that saved a figure for the cell that reads the image', () => {
    // handson-ml3 tools_matplotlib: cell 12 saves my_square_function.png, cell 35 reads it.
    expect(
      needs(
        'import matplotlib.pyplot as plt\nimport matplotlib.image as mpimg',
        'plt.plot([1, 2])\nplt.savefig("my_square_function.png")',
        'x = 1',
        'img = mpimg.imread("my_square_function.png")\nimg.shape'
      )
    ).toEqual([0, 1]);
  });

  it('matches the table writes and reads by path, and no other', () => {
    const np = 'import numpy as np';
    expect(needs(np, 'np.save("a", np.arange(3))', 'np.load("a.npy")')).toEqual(
      [0, 1]
    );
    expect(
      needs("open('a.txt', 'w').write('1')", "open('b.txt').read()")
    ).toEqual([]);
    expect(
      needs(
        "with open('out.txt', 'w') as f:\n    f.write('1')",
        'import pandas as pd\ndf = pd.DataFrame()',
        "df.to_csv('t.csv')",
        "open('out.txt').read(), pd.read_csv('t.csv')"
      )
    ).toEqual([0, 1, 2]);
    // A folder listed sees the files written under it.
    expect(
      needs(
        'from pathlib import Path',
        'Path("o/t.txt").write_text("1")',
        'import os\nsorted(os.listdir("o"))'
      )
    ).toEqual([0, 1]);
  });

  it('keeps the cell that calls a function that writes the file, with the function', () => {
    expect(
      needs(
        "def save(v):\n    with open('out.txt', 'w') as f:\n        f.write(str(v))",
        'save(3)',
        'y = 2',
        "print(open('out.txt').read())"
      )
    ).toEqual([0, 1]);
  });
});
