package dev.moim;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.moim.support.Api;
import dev.moim.support.Api.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection pool replaces its connections as they age (Hikari: every 30 minutes). On H2 2.4.240 a CHECK
 * constraint kept a reference to the session that compiled it, and once that connection was closed every write to
 * the table failed ("Check constraint invalid"): half an hour after start, no room could take a message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class H2ConnectionTurnoverTest {

    @LocalServerPort
    int port;

    @Autowired
    HikariDataSource pool;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "turnover-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @Test
    void roomsStillTakeMessagesAfterThePoolRenewsEveryConnection() throws Exception {
        Api api = new Api(port);
        User ara = api.newUser("Ara");
        User bora = api.newUser("Bora");
        long before = api.group(ara, "before", bora);
        assertThat(api.sendRest(ara, before, "m-1", "before the pool renewed").status()).isEqualTo(201);

        // What Hikari does to every connection after max-lifetime. A connection of our own keeps the database open
        // meanwhile, as the pool's younger connections do in a running server.
        try (Connection keepsTheDatabaseOpen = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword())) {
            pool.getHikariPoolMXBean().softEvictConnections();
            assertThat(keepsTheDatabaseOpen.isValid(1)).isTrue();

            assertThat(api.sendRest(ara, before, "m-2", "after").status()).isEqualTo(201);
            long after = api.group(ara, "after", bora);
            assertThat(api.sendRest(bora, after, "m-3", "in a new room").status()).isEqualTo(201);
            assertThat(api.history(ara, before, "afterSeq=1").findValues("content").stream().map(c -> c.asString()))
                    .containsExactly("before the pool renewed", "after");
        }
    }
}
