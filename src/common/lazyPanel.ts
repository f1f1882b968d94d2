import { LabIcon } from '@jupyterlab/ui-components';
import { Panel, Widget } from '@lumino/widgets';

export interface ILazyPanelOptions {
  id: string;
  /** The panel's class: the styles and the browser tests find the panel by it. */
  className: string;
  icon: LabIcon;
  caption: string;
  /** The content, built once, the first time the panel shows (an `import()` of its view). */
  load: () => Promise<Widget>;
}

/**
 * A side panel whose tab is there from the page load but whose view's code is fetched the
 * first time it shows: most sessions never open a given panel, and the page load should not
 * carry its view.
 */
export class LazyPanel extends Panel {
  constructor(private readonly _options: ILazyPanelOptions) {
    super();
    this.id = _options.id;
    this.addClass(_options.className);
    this.title.icon = _options.icon;
    this.title.caption = _options.caption;
  }

  /** The content once loaded; null before the panel first showed. */
  get content(): Widget | null {
    return this._content;
  }

  /** Resolves once the content is in (loading it now if it was not). */
  loaded(): Promise<Widget> {
    this._loading ??= this._options.load().then(
      content => {
        if (!this.isDisposed) {
          this._content = content;
          this.addWidget(content);
        }
        return content;
      },
      (reason: unknown) => {
        // A failed fetch (a dropped connection) is tried again when the panel next shows.
        this._loading = null;
        throw reason;
      }
    );
    return this._loading;
  }

  // A panel restored open is visible as it is attached; one opened later is shown.
  protected onAfterAttach(): void {
    this._loadIfVisible();
  }

  protected onAfterShow(): void {
    this._loadIfVisible();
  }

  // The owner asks the panel for a refresh; the content is what renders.
  protected onUpdateRequest(): void {
    this._content?.update();
  }

  private _loadIfVisible(): void {
    if (this.isVisible) {
      this.loaded().catch(reason =>
        console.error(`${this.id}: the panel's view did not load`, reason)
      );
    }
  }

  private _content: Widget | null = null;
  private _loading: Promise<Widget> | null = null;
}
