package org.openvin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * An OpenVIN integration test: the whole application on a real (embedded) PostgreSQL, served on
 * a random port. One PostgreSQL server per test run; the tables a test class writes are emptied
 * before it starts, so every class sees a clean database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(CleanDatabase.class)
@Import({TestClock.Config.class, TestSms.Config.class})
public @interface OpenVinTest {
}
