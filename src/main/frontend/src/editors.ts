// The bpmn-io editors, loaded only on the model pages (they are large): bpmn-js with the Camunda 8 (Zeebe) properties
// panel, dmn-js, and the form-js editor. Each offers the same small interface to the page.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import DmnModeler from 'dmn-js/lib/Modeler';
import { FormEditor } from '@bpmn-io/form-js-editor';

export interface ModelEditor {
  /** The edited model as the file it will be deployed as. */
  content(): Promise<string>;
  /** Highlights the elements with problems (BPMN only; others ignore it). */
  mark(elementIds: string[]): void;
  /** Highlights what a diff found: added and changed elements (BPMN only). */
  markDiff(added: string[], changed: string[]): void;
  /** Selects and shows one element. */
  focus(elementId: string): void;
  destroy(): void;
}

export async function openEditor(type: string, content: string, canvas: HTMLElement, panel: HTMLElement)
  : Promise<ModelEditor> {
  if (type === 'BPMN') {
    const modeler = new BpmnModeler({
      container: canvas,
      propertiesPanel: { parent: panel },
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule,
        ZeebeBehaviorsModule],
      moddleExtensions: { zeebe: zeebeModdle },
    });
    await modeler.importXML(content);
    const canvasApi = modeler.get('canvas') as { zoom(level?: string | number, center?: string): number;
      addMarker(id: string, m: string): void; removeMarker(id: string, m: string): void;
      scrollToElement(e: unknown): void; scroll(delta: { dx: number; dy: number }): void };
    const registry = modeler.get('elementRegistry') as { get(id: string): unknown; getAll(): { id: string }[] };
    const selection = modeler.get('selection') as { select(e: unknown): void };
    // fit the whole diagram, then move it right of the palette, which would cover the start event
    const fit = () => {
      canvasApi.zoom('fit-viewport', 'auto');
      canvasApi.scroll({ dx: 60, dy: 0 });
    };
    fit();
    zoomControls(canvas, {
      zoomIn: () => canvasApi.zoom(canvasApi.zoom() * 1.2, 'auto'),
      zoomOut: () => canvasApi.zoom(canvasApi.zoom() / 1.2, 'auto'),
      fit,
    });
    let marked: string[] = [];
    let diffMarked: [string, string][] = [];
    return {
      content: async () => (await modeler.saveXML({ format: true })).xml ?? '',
      mark(ids) {
        marked.forEach((id) => registry.get(id) && canvasApi.removeMarker(id, 'has-problem'));
        marked = ids.filter((id) => registry.get(id));
        marked.forEach((id) => canvasApi.addMarker(id, 'has-problem'));
      },
      markDiff(added, changed) {
        diffMarked.forEach(([id, m]) => registry.get(id) && canvasApi.removeMarker(id, m));
        diffMarked = [...added.map((id) => [id, 'diff-added'] as [string, string]),
          ...changed.map((id) => [id, 'diff-changed'] as [string, string])].filter(([id]) => registry.get(id));
        diffMarked.forEach(([id, m]) => canvasApi.addMarker(id, m));
      },
      focus(id) {
        const element = registry.get(id);
        if (element) {
          selection.select(element);
          canvasApi.scrollToElement(element);
        }
      },
      destroy: () => modeler.destroy(),
    };
  }
  if (type === 'DMN') {
    panel.replaceChildren();
    const modeler = new DmnModeler({ container: canvas });
    await modeler.importXML(content);
    // a decision opens on its table (what a compliance officer edits), not on the requirements diagram
    const views = modeler.getViews() as { type: string }[];
    const table = views.find((v) => v.type === 'decisionTable');
    if (table) await modeler.open(table);
    return {
      content: async () => (await modeler.saveXML({ format: true })).xml,
      mark() {},
      markDiff() {},
      focus() {},
      destroy: () => modeler.destroy(),
    };
  }
  panel.replaceChildren();
  const editor = new FormEditor({ container: canvas });
  await editor.importSchema(JSON.parse(content));
  return {
    content: async () => JSON.stringify(editor.saveSchema(), null, 2),
    mark() {},
    markDiff() {},
    focus() {},
    destroy: () => editor.destroy(),
  };
}

/** Zoom in, zoom out and fit-to-screen buttons over a diagram (bpmn-js has the API, not the buttons). */
function zoomControls(canvas: HTMLElement, actions: { zoomIn(): void; zoomOut(): void; fit(): void }) {
  const bar = document.createElement('div');
  bar.className = 'zoom-controls';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Zoom');
  for (const [label, text, action] of [['Zoom in', '+', actions.zoomIn], ['Zoom out', '−', actions.zoomOut],
    ['Fit the diagram to the screen', 'Fit', actions.fit]] as [string, string, () => void][]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary small';
    button.textContent = text;
    button.title = label;
    button.setAttribute('aria-label', label);
    button.addEventListener('click', action);
    bar.append(button);
  }
  canvas.append(bar);
}
