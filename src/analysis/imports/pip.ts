/**
 * `%pip install ...` and `!pip install ...` lines: the requirements they install, as written.
 */

/** pip options that take a value (`-r file`, `-i URL`): the next word is not a package. */
const OPTIONS_WITH_VALUE = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--python',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--upgrade-strategy',
  '--no-binary',
  '--only-binary',
  '--trusted-host',
  '--proxy',
  '--cache-dir',
  '--src',
  '--progress-bar'
]);

/** A PEP 508 name at the start of a requirement (`torch>=2`, `pkg[extra]~=1.0`). */
const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

export interface IPipRequirement {
  /** The requirement as written (`keras_tuner~=1.4.6`). */
  requirement: string;
  /** Its distribution name as written (`keras_tuner`). */
  name: string;
}

/**
 * The requirements of one pip command line (`install -q -U torch tqdm>=4`), or [] when the
 * line installs nothing by name (`pip list`, `pip install -r requirements.txt`, a path, a URL).
 * `command` is what follows `%pip` or the shell command after `!` (`pip install ...`,
 * `python -m pip install ...`, `{sys.executable} -m pip install ...`).
 */
export function pipRequirements(command: string): IPipRequirement[] {
  const words = command.trim().split(/\s+/);
  const pip = words.findIndex(w => /(^|[/\\])pip3?(\.exe)?$/.test(w));
  // `%pip install x`: the magic's argument starts with the verb itself.
  const start = pip < 0 ? 0 : pip + 1;
  if (words[start] !== 'install') {
    return [];
  }
  const found: IPipRequirement[] = [];
  for (let i = start + 1; i < words.length; i++) {
    const word = unquote(words[i]);
    if (word.startsWith('-')) {
      i += OPTIONS_WITH_VALUE.has(word) ? 1 : 0;
      continue;
    }
    if (/[/\\]|:\/\/|^\.|^\{|^\$/.test(word)) {
      continue; // a path, a URL or an interpolated variable: no name to read
    }
    const name = NAME.exec(word);
    if (name) {
      found.push({ requirement: word, name: name[1] });
    }
  }
  return found;
}

function unquote(word: string): string {
  return word.replace(/^(['"])(.*)\1$/, '$2');
}
