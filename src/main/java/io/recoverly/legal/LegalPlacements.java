package io.recoverly.legal;

import io.recoverly.cases.CaseTimeline;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Records a case's placement with legal, once per case. */
@Service
public class LegalPlacements {

  private final JdbcClient jdbc;
  private final CaseTimeline timeline;
  private final Clock clock;

  LegalPlacements(JdbcClient jdbc, CaseTimeline timeline, Clock clock) {
    this.jdbc = jdbc;
    this.timeline = timeline;
    this.clock = clock;
  }

  @Transactional
  public void place(UUID caseId, String documentsSummary) {
    if (documentsSummary == null || documentsSummary.isBlank()) {
      throw new IllegalArgumentException("a legal placement needs a summary of the documents handed over");
    }
    int rows = jdbc.sql(
            """
            insert into legal_placement (id, case_id, documents_summary, placed_at)
            values (:id, :caseId, :summary, :at) on conflict (case_id) do nothing
            """)
        .param("id", UUID.randomUUID()).param("caseId", caseId).param("summary", documentsSummary)
        .param("at", Timestamp.from(clock.instant())).update();
    if (rows == 1) {
      timeline.record(caseId, "LEGAL_PLACEMENT", "Placed with legal", Map.of("documentsSummary", documentsSummary),
          null);
    }
  }
}
