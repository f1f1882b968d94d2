// Merged into the labextension build (package.json jupyterlab.webpackConfig). Chunks are named
// after what they hold (vendors-node_modules_… for third-party code, lib_… for ours) instead of
// numbered, so that bench/bundle.mjs can tell our code from vendor code in the shipped files.
module.exports = {
  optimization: { chunkIds: 'named' }
};
