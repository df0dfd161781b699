/**
 * The agent workbench's backend: one call that gathers everything an agent needs beside a task (the case, its
 * timeline, contact attempts, promises, settlements, plans, payments, disputes, open tasks).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Workbench")
package io.recoverly.workbench;
