package dev.moim.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Refuses to start on an H2 database that does not write each commit to its file before the commit returns.
 * H2's WRITE_DELAY (500 ms unless the URL says otherwise) lets a commit return while its changes wait in memory
 * for a background writer, so a {@code kill -9} loses messages that were already acknowledged and later gives
 * their seqs to other messages. The default URL sets {@code WRITE_DELAY=0}; this check catches a URL given
 * without it, where the server would otherwise break its promise silently.
 */
@Component
class H2WriteDelayCheck {

    private static final Logger log = LoggerFactory.getLogger(H2WriteDelayCheck.class);

    private final DataSource dataSource;
    private final MoimProperties properties;

    H2WriteDelayCheck(DataSource dataSource, MoimProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    @PostConstruct
    void check() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!"H2".equals(connection.getMetaData().getDatabaseProductName())
                    || connection.getMetaData().getURL().startsWith("jdbc:h2:mem:")) {
                return;
            }
            long writeDelay = writeDelay(connection);
            if (writeDelay == 0) {
                return;
            }
            String problem = "The H2 database has WRITE_DELAY=" + writeDelay + " ms: a commit returns before it is written "
                    + "to the file, so messages acknowledged in the last " + writeDelay + " ms would be lost on kill -9. "
                    + "Add ;WRITE_DELAY=0 to spring.datasource.url";
            if (!properties.store().allowWriteDelay()) {
                throw new IllegalStateException(problem + " (or set moim.store.allow-write-delay=true to accept the loss).");
            }
            log.warn("{}. Starting anyway because moim.store.allow-write-delay=true: acknowledgements are NOT durable.",
                    problem);
        }
    }

    /**
     * The delay in effect. INFORMATION_SCHEMA.SETTINGS lists the value in effect and, once a URL or SET has set
     * it, the last value set, which a later open without the setting does not apply; any non-zero row means the
     * value in effect may be non-zero.
     */
    private static long writeDelay(Connection connection) throws SQLException {
        long worst = 0;
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            boolean any = false;
            while (rows.next()) {
                any = true;
                worst = Math.max(worst, Long.parseLong(rows.getString(1).trim()));
            }
            if (!any) {
                throw new IllegalStateException("This H2 version does not report WRITE_DELAY; Moim cannot tell whether "
                        + "commits are durable");
            }
        }
        return worst;
    }
}
