package dev.moim.file;

import java.nio.file.Path;
import java.util.Locale;

import dev.moim.config.MoimProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Picks the file store named by {@code moim.files.storage}; a name Moim does not know stops the start. */
@Configuration
public class FileStorageConfig {

    private static final Logger log = LoggerFactory.getLogger(FileStorageConfig.class);

    /** Spring closes the S3 client at shutdown (the inferred destroy method, {@code close}). */
    @Bean
    FileStorage fileStorage(MoimProperties properties, Environment environment) {
        FileStorage storage = create(properties.files(), properties.dataDir());
        log.info("File storage: {}", storage);
        if (storage instanceof LocalFileStorage && environment.matchesProfiles("redis")) {
            // Allowed for a directory every node mounts (NFS); otherwise a photo is only on the node it was sent to.
            log.warn("Cluster mode with files in a local directory ({}): every node must see the same directory, or set "
                    + "moim.files.storage=s3", properties.dataDir().resolve("files").toAbsolutePath());
        }
        return storage;
    }

    static FileStorage create(MoimProperties.Files files, Path dataDir) {
        String storage = files.storage() == null ? "" : files.storage().strip().toLowerCase(Locale.ROOT);
        return switch (storage) {
            case "local" -> new LocalFileStorage(dataDir.resolve("files"));
            case "s3" -> new S3FileStorage(files.s3());
            default -> throw new IllegalStateException(
                    "moim.files.storage must be local or s3, not '" + files.storage() + "'");
        };
    }
}
