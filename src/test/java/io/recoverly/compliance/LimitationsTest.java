package io.recoverly.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The limitation's pure rules: the state an address ends with, the kind of debt a product is. */
class LimitationsTest {

  @Test
  void theStateIsTheOneBeforeTheZipCode() {
    assertThat(Limitations.stateOf("1 Main St, Los Angeles, CA 90012")).hasValue("CA");
    assertThat(Limitations.stateOf("12 Elm St, Springfield, IL 62704-1234")).hasValue("IL");
    assertThat(Limitations.stateOf("1 Main St, Springfield, IL")).as("no ZIP").hasValue("IL");
    assertThat(Limitations.stateOf("1 Main St, Nowhere, ZZ 95814")).as("not a state").isEmpty();
    assertThat(Limitations.stateOf("1 Main St, Springfield")).isEmpty();
    assertThat(Limitations.stateOf("4 MG Road, Bengaluru 560001")).isEmpty();
    assertThat(Limitations.stateOf(null)).isEmpty();
  }

  @Test
  void aCardIsAnOpenAccountALoanAWrittenContract() {
    assertThat(Limitations.debtType("CREDIT_CARD")).isEqualTo("OPEN_ACCOUNT");
    assertThat(Limitations.debtType("CREDIT_LINE")).isEqualTo("OPEN_ACCOUNT");
    assertThat(Limitations.debtType("PERSONAL_LOAN")).isEqualTo("WRITTEN");
    assertThat(Limitations.debtType(null)).isEqualTo("WRITTEN");
  }
}
