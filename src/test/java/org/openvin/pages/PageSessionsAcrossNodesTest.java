package org.openvin.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openvin.Browser;
import org.openvin.Citizens;
import org.openvin.OpenVinApplication;
import org.openvin.OpenVinTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * App nodes keep no state of their own: a citizen who logged in to the pages on one node is
 * logged in on another node sharing the database, because the page session lives in PostgreSQL.
 */
@OpenVinTest
class PageSessionsAcrossNodesTest {

    @LocalServerPort
    int port;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPageLoginOnOneNodeHoldsOnAnother() {
        String url = jdbc.sql("SELECT 'jdbc:postgresql://localhost:' || current_setting('port') || '/' || current_database()")
                .query(String.class).single();
        try (Browser browser = Browser.start(port);
             var second = new SpringApplicationBuilder(OpenVinApplication.class).profiles("test")
                     .run("--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + org.openvin.TestDatabase.password(dataSource),
                             "--spring.flyway.enabled=false")) {
            new CitizenJourney(browser, "en", Citizens.newMobile(), "400080").logIn();
            assertThat(jdbc.sql("SELECT count(*) FROM spring_session").query(Integer.class).single()).isPositive();
            int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
            var account = browser.fetch(URI.create("http://localhost:" + secondPort + "/account"));
            assertThat(account.statusCode()).isEqualTo(200);
            assertThat(new String(account.body(), StandardCharsets.UTF_8)).contains("action=\"/logout\"");
            assertThat(account.uri().getPort()).isEqualTo(secondPort);
        }
    }
}
