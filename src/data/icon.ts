import { LabIcon } from '@jupyterlab/ui-components';

/** A database cylinder: the data panel and its settings. */
export const dataIcon = new LabIcon({
  name: 'jupyterlab-sane:data',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">' +
    '<path class="jp-icon3" fill="#616161" d="M12 2C7.6 2 4 3.3 4 5v14c0 1.7 3.6 3 8 3s8-1.3 8-3V5c0-1.7-3.6-3-8-3zm0 2c3.9 0 6 1.1 6 1s-2.1 1-6 1-6-1-6-1 2.1-1 6-1zm6 15c0 .3-2.1 1-6 1s-6-.7-6-1v-2.3c1.5.8 3.6 1.3 6 1.3s4.5-.5 6-1.3zm0-5c0 .3-2.1 1-6 1s-6-.7-6-1v-2.3c1.5.8 3.6 1.3 6 1.3s4.5-.5 6-1.3zm0-5c0 .3-2.1 1-6 1s-6-.7-6-1V7.7C7.5 8.5 9.6 9 12 9s4.5-.5 6-1.3z"/>' +
    '</svg>'
});
