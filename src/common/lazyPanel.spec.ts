import { LabIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import { LazyPanel } from './lazyPanel';

const icon = new LabIcon({ name: 'sane-test:lazy', svgstr: '<svg></svg>' });

function panelWith(load: () => Promise<Widget>): LazyPanel {
  return new LazyPanel({
    id: 'lazy',
    className: 'jp-sane-Lazy',
    icon,
    caption: 'Lazy',
    load
  });
}

describe('LazyPanel', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('carries its id, class and tab before its view loads', () => {
    const load = jest.fn(async () => new Widget());
    const panel = panelWith(load);
    panel.hide();
    Widget.attach(panel, document.body);
    expect(panel.id).toBe('lazy');
    expect(panel.hasClass('jp-sane-Lazy')).toBe(true);
    expect(panel.title.caption).toBe('Lazy');
    expect(load).not.toHaveBeenCalled();
    expect(panel.content).toBeNull();
  });

  it('loads its view once, the first time it shows', async () => {
    const view = new Widget();
    const load = jest.fn(async () => view);
    const panel = panelWith(load);
    panel.hide();
    Widget.attach(panel, document.body);
    panel.show();
    await panel.loaded();
    panel.hide();
    panel.show();
    expect(load).toHaveBeenCalledTimes(1);
    expect(panel.content).toBe(view);
    expect(view.parent).toBe(panel);
  });

  it('loads at once when attached visible (restored open)', async () => {
    const load = jest.fn(async () => new Widget());
    Widget.attach(panelWith(load), document.body);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('passes an update on to its view', async () => {
    const view = new Widget();
    const update = jest.spyOn(view, 'update');
    const panel = panelWith(async () => view);
    await panel.loaded();
    panel.update();
    await new Promise(resolve => requestAnimationFrame(resolve));
    expect(update).toHaveBeenCalled();
  });

  it('tries again after a failed load', async () => {
    const view = new Widget();
    const load = jest
      .fn<Promise<Widget>, []>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce(view);
    const panel = panelWith(load);
    await expect(panel.loaded()).rejects.toThrow('offline');
    await expect(panel.loaded()).resolves.toBe(view);
  });
});
