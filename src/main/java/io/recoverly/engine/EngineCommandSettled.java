package io.recoverly.engine;

/**
 * The engine has settled a command of {@link EngineCommands}.
 *
 * @param reference the reference the command was recorded with (e.g. {@code task:<id>})
 * @param outcome ACKNOWLEDGED (the engine took it now), NOT_FOUND (the job was completed before, or the process moved
 *     on and canceled it), ALREADY_EXISTS (the message was published before), REFUSED (the engine refuses the command
 *     for good: it will never be taken), ABANDONED (the embedded engine restarted empty; its keys are gone)
 */
public record EngineCommandSettled(long id, String kind, String reference, String outcome, String detail) {

  /** True unless the engine refused the command: what it asked for happened (now or before). */
  public boolean taken() {
    return !"REFUSED".equals(outcome);
  }
}
