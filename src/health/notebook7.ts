import { JupyterFrontEnd } from '@jupyterlab/application';
import { TranslationBundle } from '@jupyterlab/translation';
import { HoverBox } from '@jupyterlab/ui-components';
import { PanelLayout, Widget } from '@lumino/widgets';
import { IDataFindings, IHealthSection } from '../tokens.js';
import { loadPopover } from './actions.js';
import { KernelWatch } from './kernelWatch.js';
import { HealthModel } from './model.js';
import { HealthStatus } from './view.js';

/** The top area's rank: after Notebook's title and save state, before its kernel logo. */
const TOP_RANK = 900;

/**
 * Where there is no status bar (Jupyter Notebook 7 has none; JupyterLab may have it disabled),
 * the health item goes to the shell's top area, beside the document's name, where Notebook's
 * users look; its popover opens below the item and works as in the status bar.
 */
export function addHealthToTopArea(
  app: JupyterFrontEnd,
  model: HealthModel,
  trans: TranslationBundle,
  current: () => KernelWatch | null,
  acknowledge: () => void,
  section: IHealthSection | null = null,
  dataFindings: IDataFindings | null = null
): HealthStatus {
  const item = new HealthStatus(model, trans);
  item.id = 'jp-sane-health-top';
  item.addClass('jp-sane-HealthStatus-top');
  item.node.tabIndex = 0;
  item.node.setAttribute('role', 'button');
  const showIfEnabled = () => item.setHidden(!model.enabled);
  model.stateChanged.connect(showIfEnabled);
  showIfEnabled();
  let popover: TopPopover | null = null;
  let opening = false;
  const toggle = async () => {
    if (popover && !popover.isDisposed) {
      popover.dispose();
      popover = null;
      return;
    }
    if (opening) {
      return;
    }
    opening = true;
    const { Popover, actions } = await loadPopover(
      current,
      app.commands,
      acknowledge
    ).finally(() => (opening = false));
    const body = new Popover(model, trans, actions, section, dataFindings);
    // Notebook's body and html have no height (its shell is positioned): the shell is the page.
    popover = new TopPopover(body, item, app.shell.node);
  };
  item.node.addEventListener('click', () => void toggle());
  item.node.addEventListener('keydown', event => {
    if (event.key === 'Enter' || event.key === ' ') {
      void toggle();
    }
  });
  app.shell.add(item, 'top', { rank: TOP_RANK });
  return item;
}

/**
 * A popover below its anchor. The status bar's popup always opens above its anchor, which at
 * the top of the page would be off screen. A click outside or Escape closes it.
 */
class TopPopover extends Widget {
  constructor(
    body: Widget,
    private readonly _anchor: Widget,
    private readonly _host: HTMLElement
  ) {
    super();
    this.addClass('jp-sane-TopPopover');
    // Positioned by HoverBox over the page, above the shell's panels.
    this.node.style.position = 'absolute';
    this.node.style.zIndex = '10000';
    this.node.style.background = 'var(--jp-layout-color1)';
    this.node.style.boxShadow = 'var(--jp-elevation-z4)';
    this.node.style.overflow = 'auto';
    const layout = new PanelLayout();
    layout.addWidget(body);
    this.layout = layout;
    Widget.attach(this, document.body);
    this._position();
    // The body renders on the next frame: place it again once it has its size.
    requestAnimationFrame(() => this._position());
    document.addEventListener('click', this, true);
    document.addEventListener('keydown', this, true);
    window.addEventListener('resize', this);
  }

  dispose(): void {
    document.removeEventListener('click', this, true);
    document.removeEventListener('keydown', this, true);
    window.removeEventListener('resize', this);
    super.dispose();
  }

  handleEvent(event: Event): void {
    if (event.type === 'resize') {
      this._position();
    } else if (event.type === 'keydown') {
      if ((event as KeyboardEvent).key === 'Escape') {
        this.dispose();
      }
    } else if (event.type === 'click') {
      const target = event.target as Node;
      // A click on the anchor is the anchor's own toggle.
      if (!this.node.contains(target) && !this._anchor.node.contains(target)) {
        this.dispose();
      }
    }
  }

  protected onUpdateRequest(): void {
    this._position();
  }

  private _position(): void {
    HoverBox.setGeometry({
      anchor: this._anchor.node.getBoundingClientRect(),
      host: this._host,
      maxHeight: 500,
      minHeight: 20,
      node: this.node,
      privilege: 'forceBelow',
      style: window.getComputedStyle(this.node),
      // The item sits near the page's right edge: keep the box on the page.
      outOfViewDisplay: {
        top: 'stick-inside',
        bottom: 'stick-inside',
        left: 'stick-inside',
        right: 'stick-inside'
      }
    });
  }
}
