// Each sheet imported here, not through another's @import: the build minifies the files the
// bundler imports, and css-loader passes @imported ones by. The sheets of a dialog or a side
// panel's content are imported by that view's module instead: they load with it.
import './health.css';
import './base.css';
