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
    const canvasApi = modeler.get('canvas') as { zoom(level: string): void; addMarker(id: string, m: string): void;
      removeMarker(id: string, m: string): void; scrollToElement(e: unknown): void };
    const registry = modeler.get('elementRegistry') as { get(id: string): unknown; getAll(): { id: string }[] };
    const selection = modeler.get('selection') as { select(e: unknown): void };
    canvasApi.zoom('fit-viewport');
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
