package io.recoverly.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.recoverly.support.Api;
import io.recoverly.support.AppTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * An import starts its cases' processes right after it commits: the launcher's tick is an hour here, so only the
 * import's wake-up can start them.
 */
@AppTest
@TestPropertySource(properties = "recoverly.launcher.interval=PT1H")
class LauncherWakeTest {

  @Autowired TestRestTemplate anonymous;
  @Autowired JdbcClient jdbc;

  @Test
  void anImportStartsItsCasesWithoutWaitingForTheLauncherTick() {
    String prefix = PortfolioImportTest.unique("WAKE");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.valueOf("text/csv"));
    var response = anonymous.withBasicAuth(Api.ADMIN, Api.ADMIN).postForEntity("/api/portfolios/import",
        new HttpEntity<>(PortfolioFiles.csv(prefix, "WAKE_CSV", 3), headers), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql("""
            select count(*) from collection_case c join account a on a.id = c.account_id
             where a.account_ref like :p and c.process_instance_key is not null
            """).param("p", prefix + "-%").query(Long.class).single()).isEqualTo(3));
  }
}
