/**
 * The standard library's top-level module names for every Python we support (3.9 to 3.14).
 *
 * Source: `sys.stdlib_module_names` of CPython 3.11.7 (the names without a leading underscore,
 * plus `__future__`), which still holds the modules 3.12 and 3.13 removed (distutils, imp,
 * asynchat, asyncore, smtpd, and PEP 594's aifc ... xdrlib); plus what 3.9 had and 3.10
 * removed (formatter, parser, symbol, per the 3.10 changelog) and what 3.14 added
 * (annotationlib, compression, per "What's new in Python 3.14"). `test` is left out on
 * purpose, as `sys.stdlib_module_names` leaves it out: a project's own `test` package is far
 * more likely. jupyterlab_sane/environment/stdlib.py holds the same list (a pytest compares).
 */
export const STDLIB_MODULES: ReadonlySet<string> = new Set(
  (
    '__future__ abc aifc annotationlib antigravity argparse array ast asynchat asyncio ' +
    'asyncore atexit audioop base64 bdb binascii bisect builtins bz2 cProfile calendar cgi ' +
    'cgitb chunk cmath cmd code codecs codeop collections colorsys compileall compression ' +
    'concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses ' +
    'dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip ' +
    'enum errno faulthandler fcntl filecmp fileinput fnmatch formatter fractions ftplib ' +
    'functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac ' +
    'html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword ' +
    'lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes mmap ' +
    'modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers ' +
    'opcode operator optparse os ossaudiodev parser pathlib pdb pickle pickletools pipes ' +
    'pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile ' +
    'pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource ' +
    'rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtpd ' +
    'smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl ' +
    'stat statistics string stringprep struct subprocess sunau symbol symtable sys sysconfig ' +
    'syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit ' +
    'tkinter token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types ' +
    'typing unicodedata unittest urllib uu uuid venv warnings wave weakref webbrowser winreg ' +
    'winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo'
  ).split(' ')
);

/** Whether a top-level module name is the standard library's (private `_x` modules too). */
export function isStdlib(top: string): boolean {
  return STDLIB_MODULES.has(top) || (top.startsWith('_') && top !== '__main__');
}
