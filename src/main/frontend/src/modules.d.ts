// Packages of the bpmn-io family that ship no TypeScript declarations.
declare module 'bpmn-js-properties-panel';
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
declare module 'zeebe-bpmn-moddle/resources/zeebe.json';
declare module 'dmn-js/lib/Modeler';
declare module '@bpmn-io/form-js-editor';
