package io.recoverly;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

  /** The classes compiled from src/embedded/java (only the default build has them), by fully qualified name. */
  static Set<String> embeddedClasses() throws IOException {
    Path root = Path.of("src/embedded/java");
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".java"))
          .map(f -> root.relativize(f).toString().replace('/', '.').replaceFirst("\\.java$", ""))
          .collect(Collectors.toSet());
    }
  }

  /**
   * The production artifact leaves out src/embedded/java and the embedded-only libraries: so nothing else may use
   * them. Checked on the compiled classes (the default build compiles both source folders together, so the compiler
   * alone would not notice).
   */
  @Test
  void onlyTheEmbeddedWiringUsesTheEmbeddedEngineAndDatabase() throws IOException {
    Set<String> embedded = embeddedClasses();
    DescribedPredicate<JavaClass> embeddedWiring = DescribedPredicate.describe("the embedded wiring",
        c -> embedded.contains(c.getName().replaceFirst("\\$.*", "")));
    var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.recoverly");
    noClasses().that(DescribedPredicate.not(embeddedWiring))
        .should().dependOnClassesThat(embeddedWiring.or(DescribedPredicate.describe(
            "the embedded engine or database libraries", c -> c.getPackageName().startsWith("io.camunda.zeebe.process.test")
                || c.getPackageName().startsWith("io.camunda.zeebe.db")
                || c.getPackageName().startsWith("io.camunda.zeebe.engine")
                || c.getPackageName().startsWith("io.camunda.zeebe.stream")
                || c.getPackageName().startsWith("io.camunda.zeebe.logstreams")
                || c.getPackageName().startsWith("io.camunda.zeebe.dmn")
                || c.getPackageName().startsWith("io.zonky")
                || c.getPackageName().startsWith("org.rocksdb"))))
        .because("the production artifact (-Pproduction) carries neither; see docs/production.md")
        .check(classes);
  }
}
