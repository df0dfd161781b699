package io.recoverly.engine;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(ClockController.class)
@org.springframework.context.annotation.Import(ClockMover.class)
@org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc(addFilters = false) // who may move the clock: SecurityTest
class ClockControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean Engine engine;
  @MockitoBean EngineClockStore store;

  @BeforeEach
  void embedded() {
    when(engine.mode()).thenReturn(EngineMode.EMBEDDED);
    when(engine.advanceClock(any())).thenReturn(Instant.parse("2030-01-01T00:00:00Z"));
    when(engine.now()).thenReturn(Instant.parse("2029-12-29T00:00:00Z"));
  }

  @Test
  void advancesByIsoDurationsIncludingDaysAndWeeks() throws Exception {
    advance("P3D")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.mode").value("embedded"))
        .andExpect(jsonPath("$.now").value("2030-01-01T00:00:00Z"));
    advance("PT4H").andExpect(status().isOk());
    advance("P1W").andExpect(status().isOk());

    verify(engine).advanceClock(Duration.ofDays(3));
    verify(store, org.mockito.Mockito.times(3)).save();
    verify(engine).advanceClock(Duration.ofHours(4));
    verify(engine).advanceClock(Duration.ofDays(7));
  }

  @Test
  void refusesDurationsThatAreNotForwardIsoDurations() throws Exception {
    advance("three days")
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.field").value("duration"));
    advance("-P1D").andExpect(status().isBadRequest());
    advance("PT0S").andExpect(status().isBadRequest());
    advance("P1M").andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(Matchers.containsString("months")));
    // a demo's move, not a leap past the dates the application handles (P999999999D broke every date)
    advance("P367D").andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(Matchers.containsString("366")));
    advance("P999999999D").andExpect(status().isBadRequest());
    mvc.perform(post("/api/dev/clock/advance").contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("duration"));

    verify(engine, never()).advanceClock(any());
    verify(store, never()).save();
  }

  @Test
  void refusesToMoveAClustersClock() throws Exception {
    when(engine.advanceClock(any())).thenThrow(new ClockNotControllableException(EngineMode.CLUSTER));

    advance("P1D")
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("only be moved in embedded mode")));
  }

  @Test
  void clusterEngineRefusesToMoveTime() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClusterEngine(null).advanceClock(Duration.ofDays(1)))
        .isInstanceOf(ClockNotControllableException.class);
  }

  private ResultActions advance(String duration) throws Exception {
    return mvc.perform(
        post("/api/dev/clock/advance")
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"duration\":\"" + duration + "\"}"));
  }
}
