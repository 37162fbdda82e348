package dev.salescrm.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The issuer's RSA signing key, kept as a JWK (private part included) in one file. Generated once when the
 * file is missing; read on every later start, so tokens issued before a restart still verify after it. A file
 * that exists but is not an RSA private JWK is an error, never silently replaced: replacing it would
 * invalidate every token in circulation.
 */
final class SigningKey {

    private SigningKey() {
    }

    static RSAKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                restrictToOwner(tmp);
                Files.writeString(tmp, key.toJSONString());
                // A hard link appears complete or not at all and never replaces an existing file: if another
                // process created the key meanwhile, its key wins.
                Files.createLink(file, tmp);
                return key;
            } catch (FileAlreadyExistsException e) {
                return read(file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the signing key " + file, e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    private static RSAKey read(Path file) throws IOException {
        try {
            RSAKey key = RSAKey.parse(Files.readString(file));
            if (!key.isPrivate()) {
                throw new IllegalStateException("signing key " + file + " has no private part");
            }
            return key;
        } catch (ParseException e) {
            throw new IllegalStateException("signing key " + file + " is not an RSA JWK: " + e.getMessage()
                    + " (delete it to generate a new key; tokens signed with the old one stop verifying)", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
    }
}
