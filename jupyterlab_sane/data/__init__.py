"""Data health: where the files a notebook reads live, how fast they load, whether a second copy
exists. Plain Python probes, testable without a server; the handler runs them off the IO loop."""
