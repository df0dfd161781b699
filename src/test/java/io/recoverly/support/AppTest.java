package io.recoverly.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random HTTP port with the real embedded Zeebe engine and real PostgreSQL. Every test
 * class with this annotation shares one application (Spring's context cache), so tests keep to their own data (own
 * account refs and product codes).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // metrics exported as in production (/actuator/prometheus)
@ContextConfiguration(initializers = TestInfrastructure.class)
// off unless a test arms them: injected faults, and the switch that breaks the contact guard for chosen cases
@org.springframework.context.annotation.Import({Faults.class, GuardSwitch.class})
public @interface AppTest {}
