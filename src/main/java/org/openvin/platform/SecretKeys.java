package org.openvin.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Secrets the country controls, kept outside the database: {@code openvin.keys.<name>} (base64)
 * when the operator sets one — every app node must then get the same value — or else a file
 * {@code <openvin.keys.dir>/<name>.key}, generated on first start with owner-only permissions.
 */
@Component
public class SecretKeys {

    private static final SecureRandom random = new SecureRandom();

    private final Path dir;
    private final Environment environment;

    public SecretKeys(@Value("${openvin.keys.dir:./data/keys}") Path dir, Environment environment) {
        this.dir = dir;
        this.environment = environment;
    }

    public Path dir() {
        return dir;
    }

    /** The secret of that name, at least {@code bytes} long. */
    public synchronized byte[] secret(String name, int bytes) {
        String configured = environment.getProperty("openvin.keys." + name);
        if (configured != null && !configured.isBlank()) {
            byte[] key = Base64.getDecoder().decode(configured.trim());
            if (key.length < bytes) {
                throw new IllegalStateException("openvin.keys." + name + " must be at least " + bytes + " bytes");
            }
            return key;
        }
        Path file = dir.resolve(name + ".key");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            Files.createDirectories(dir);
            byte[] key = new byte[bytes];
            random.nextBytes(key);
            Path temp = Files.createTempFile(dir, name, ".tmp");
            trySetOwnerOnly(temp);
            Files.writeString(temp, Base64.getEncoder().encodeToString(key));
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create key file " + file, e);
        }
    }

    private static void trySetOwnerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the directory's own protection has to do.
        }
    }
}
