import {
  CodeEditor,
  CodeEditorWrapper,
  IEditorServices
} from '@jupyterlab/codeeditor';

/** A read-only editor for a dialog's preview (extract's new cell, a move's module and cells). */
export function previewEditor(
  editorServices: IEditorServices,
  model: CodeEditor.IModel,
  label: string,
  className: string
): CodeEditorWrapper {
  const editor = new CodeEditorWrapper({
    factory: editorServices.factoryService.newInlineEditor,
    model,
    editorOptions: { config: { readOnly: true, lineNumbers: true } }
  });
  editor.addClass(className);
  editor.node.setAttribute('aria-label', label);
  return editor;
}
