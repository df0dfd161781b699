package io.recoverly.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.recoverly.support.ApiTestSupport;
import io.recoverly.support.BrowserRun;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Lender files in a real browser ({@code src/main/frontend/e2e/imports.e2e.mjs}): a supervisor builds a mapping from a
 * lender file's header, previews it with the bad row marked, dry-runs it, imports it with the progress bar and finds it
 * in the history.
 */
class ImportsUiTest extends ApiTestSupport {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  void aSupervisorImportsALendersFileThroughAMappingBuiltFromItsHeader() throws Exception {
    String prefix = "NW" + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();
    BrowserRun.run("imports.e2e.mjs", port, Map.of("PREFIX", prefix, "ROWS", "400"));

    var stored = jdbc.sql("""
            select count(*) as accounts, count(*) filter (where a.creditor = 'Northwind Bank') as northwind,
                   count(*) filter (where d.phone like '+9198450%' and d.phone_type = 'MOBILE') as e164,
                   count(*) filter (where a.attributes ->> 'Branch' is not null) as kept
              from account a join debtor d on d.id = a.debtor_id where a.account_ref like :p
            """).param("p", prefix + "-%").query().singleRow();
    assertThat(stored.get("accounts")).isEqualTo(399L);
    assertThat(stored.get("northwind")).isEqualTo(399L);
    assertThat(stored.get("e164")).isEqualTo(399L);
    assertThat(stored.get("kept")).isEqualTo(399L);
    assertThat(jdbc.sql("select imported_by from portfolio_import where mapping = :m")
        .param("m", "northwind-" + prefix.toLowerCase()).query(String.class).list()).containsExactly("supervisor");
    assertThat(BrowserRun.OUT.resolve("imports-done.png")).isNotEmptyFile();
  }
}
