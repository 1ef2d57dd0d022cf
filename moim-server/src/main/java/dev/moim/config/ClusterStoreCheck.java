package dev.moim.config;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Refuses to start cluster mode (the {@code redis} profile) on H2. H2 is embedded in each node, so every node would
 * keep rooms and messages of its own while the bus told the others about them: seqs would collide between nodes
 * and a message acknowledged on one would never be in another's history.
 */
@Component
@Profile("redis")
class ClusterStoreCheck {

    private final DataSource dataSource;

    ClusterStoreCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @PostConstruct
    void check() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if ("H2".equals(connection.getMetaData().getDatabaseProductName())) {
                throw new IllegalStateException("Cluster mode (the redis profile) needs a database that all nodes share: "
                        + "add the postgres profile and set SPRING_DATASOURCE_URL to the PostgreSQL every node uses.");
            }
        }
    }
}
