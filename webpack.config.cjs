// Merged into the labextension build (package.json jupyterlab.webpackConfig).

/** The package a vendor module comes from: `@lezer/python` for …/node_modules/@lezer/python/…. */
function packageOf(module) {
  const path = module.nameForCondition?.() ?? module.resource ?? '';
  const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(path);
  return match ? match[1].replace(/^@/, '').replace(/[\\/]/g, '-') : 'misc';
}

module.exports = {
  module: {
    rules: [
      {
        // Our stylesheets ship minified: the builder's own CSS rule (style-loader, css-loader)
        // keeps comments and indentation, a tenth of what the page load fetches. Listed after
        // the builder's rule, this loader runs first.
        test: /\.css$/,
        include: /[\\/]style[\\/]/,
        exclude: /node_modules/,
        use: [
          { loader: 'builtin:lightningcss-loader', options: { minify: true } }
        ]
      }
    ]
  },
  optimization: {
    // Numeric chunk ids: the remoteEntry, loaded with the page, lists every chunk by id twice
    // (its file name and its cache-busting query), and named ids (`lib_analysis_core_…`) made
    // those lists a quarter of it. Our chunks' files are named by their id.
    chunkIds: 'deterministic',
    splitChunks: {
      // Modules that several lazily loaded features share (the analysis's helpers, the module
      // files' writes) go to a chunk of their own from 2 kB on, instead of a copy in each
      // feature's chunk (the default's 20 kB left ~10 kB copied twice).
      minSize: 2000,
      cacheGroups: {
        // Third-party code keeps a name, `vendors-<package>`, so that bench/bundle.mjs can
        // tell it from ours in the shipped files (the default's split, named).
        defaultVendors: {
          test: /[\\/]node_modules[\\/]/,
          priority: -10,
          reuseExistingChunk: true,
          name: module => `vendors-${packageOf(module)}`
        }
      }
    }
  }
};
