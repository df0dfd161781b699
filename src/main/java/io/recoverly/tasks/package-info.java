/**
 * The agents' work items: job-based user tasks (BPMN user tasks without {@code zeebe:userTask}) arrive as jobs of
 * type {@code io.camunda.zeebe:userTask}; each is stored once per job, listed by candidate group and assignee,
 * claimed, and completed with form variables validated against the task's Camunda Form.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tasks")
package io.recoverly.tasks;
