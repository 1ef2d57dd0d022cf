package dev.moim.bench.prepare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * What earlier runs prepared on one server, kept in a JSON file so the next run revives it cheaply: the users
 * (with their latest refresh token, which rotates on every use) and the rooms made for each scenario shape.
 *
 * @param tag   random per state file, part of every email, so a lost state file never collides with old accounts
 * @param users users by their place in the cast: user {@code i} is always the same account
 * @param rooms room ids by shape key, e.g. {@code rooms-100x10}
 */
public record BenchState(String tag, List<User> users, Map<String, List<Long>> rooms) {

    /** One prepared account. {@code id} is 0 and {@code refreshToken} null until it has signed up and logged in. */
    public record User(String email, String password, long id, String refreshToken) {
        User withSession(long newId, String newRefreshToken) {
            return new User(email, password, newId, newRefreshToken);
        }
    }

    public BenchState {
        users = new ArrayList<>(users == null ? List.of() : users);
        rooms = new HashMap<>(rooms == null ? Map.of() : rooms);
    }

    public static BenchState fresh() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return new BenchState(HexFormat.of().formatHex(random), List.of(), Map.of());
    }

    public static BenchState load(Path file, JsonMapper json) {
        if (!Files.exists(file)) {
            return fresh();
        }
        return json.readValue(file.toFile(), BenchState.class);
    }

    /** Writes through a temporary file, so an interrupted save never leaves half a file behind. */
    public synchronized void save(Path file, JsonMapper json) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            // It holds passwords and live refresh tokens: readable by its owner only, where the file system can say so.
            Path temporary = directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(directory, file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), this);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the state file " + file, e);
        }
    }

    /** Makes sure users 0..count-1 exist in the file (new ones have not signed up yet). */
    synchronized void ensureUsers(int count) {
        while (users.size() < count) {
            int index = users.size();
            byte[] random = new byte[12];
            new SecureRandom().nextBytes(random);
            users.add(new User("bench-" + tag + "-" + index + "@bench.moim.dev", "bench-" + HexFormat.of().formatHex(random), 0, null));
        }
    }

    synchronized User user(int index) {
        return users.get(index);
    }

    synchronized void updateUser(int index, long id, String refreshToken) {
        users.set(index, users.get(index).withSession(id, refreshToken));
    }

    synchronized List<Long> roomsOf(String shape) {
        return List.copyOf(rooms.getOrDefault(shape, List.of()));
    }

    synchronized void putRooms(String shape, List<Long> ids) {
        rooms.put(shape, List.copyOf(ids));
    }
}
