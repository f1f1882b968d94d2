// Each sheet imported here, not through another's @import: the build minifies the files the
// bundler imports, and css-loader passes @imported ones by.
import './health.css';
import './modules.css';
import './base.css';
