package io.recoverly.models;

/**
 * One reason a model cannot be deployed.
 *
 * @param resource the file name
 * @param element the BPMN/DMN element at fault (highlighted on the diagram), or null
 * @param line the XML line, when the file does not parse, or null
 */
public record ModelProblem(String resource, String element, Integer line, String message) {}
