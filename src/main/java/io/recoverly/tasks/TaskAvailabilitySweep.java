package io.recoverly.tasks;

import io.recoverly.engine.EngineClockAdvanced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the tasks' windows current: asks again for the open tasks whose window opened or closed (contact hours in the
 * debtor's time zone), or that a fact change marked and no node asked after its commit. Safe with N nodes: each batch
 * is locked with SKIP LOCKED. A moved engine clock (dev and demo) is a window opening or closing for many tasks at once:
 * it runs the sweep at once.
 */
@Component
class TaskAvailabilitySweep {

  private static final Logger log = LoggerFactory.getLogger(TaskAvailabilitySweep.class);
  private static final int BATCH = 500;

  private final Tasks tasks;

  TaskAvailabilitySweep(Tasks tasks) {
    this.tasks = tasks;
  }

  @Scheduled(fixedDelayString = "${recoverly.tasks.availability-sweep:PT15S}", initialDelayString = "PT5S")
  void sweep() {
    int asked = tasks.recheckDue(BATCH);
    if (asked > 0) {
      log.debug("Availability of {} open tasks asked again", asked);
    }
  }

  @EventListener
  void onClockAdvanced(EngineClockAdvanced advanced) {
    sweep();
  }
}
