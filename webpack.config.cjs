// Merged into the labextension build (package.json jupyterlab.webpackConfig).
module.exports = {
  optimization: {
    // Chunks are named after what they hold (vendors-node_modules_… for third-party code,
    // lib_… for ours) instead of numbered, so that bench/bundle.mjs can tell our code from
    // vendor code in the shipped files.
    chunkIds: 'named',
    // Modules that several lazily loaded features share (the analysis's helpers, the module
    // files' writes) go to a chunk of their own from 2 kB on, instead of a copy in each
    // feature's chunk (the default's 20 kB left ~10 kB copied twice).
    splitChunks: { minSize: 2000 }
  }
};
