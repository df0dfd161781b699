package io.recoverly;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Package boundaries: no cycles between capabilities, no reaching into another capability's internals. */
class ModularityTest {

  static final ApplicationModules MODULES = ApplicationModules.of(RecoverlyApplication.class);

  @Test
  void capabilitiesRespectTheirBoundaries() {
    MODULES.verify();
  }

  @Test
  void writesModuleDocumentation() {
    new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
  }
}
