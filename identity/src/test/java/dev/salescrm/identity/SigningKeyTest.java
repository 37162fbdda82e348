package dev.salescrm.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.jwk.RSAKey;

class SigningKeyTest {

    @TempDir
    Path dir;

    @Test
    void generatedOnceThenReusedSoTokensSurviveARestart() throws Exception {
        Path file = dir.resolve("identity/jwk.json");

        RSAKey first = SigningKey.loadOrCreate(file);
        RSAKey again = SigningKey.loadOrCreate(file);

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.isPrivate()).isTrue();
        assertThat(first.getModulus().decodeToBigInteger().bitLength()).isEqualTo(2048);
        assertThat(again.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(again.toRSAPrivateKey()).isEqualTo(first.toRSAPrivateKey());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void aBrokenKeyFileIsAnErrorNotSilentlyReplaced() throws Exception {
        Path file = dir.resolve("jwk.json");
        Files.writeString(file, "{not json");

        assertThatThrownBy(() -> SigningKey.loadOrCreate(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).isEqualTo("{not json");
    }

    @Test
    void aPublicOnlyKeyIsRefused() throws Exception {
        Path file = dir.resolve("jwk.json");
        RSAKey key = SigningKey.loadOrCreate(dir.resolve("other.json"));
        Files.writeString(file, key.toPublicJWK().toJSONString());

        assertThatThrownBy(() -> SigningKey.loadOrCreate(file)).hasMessageContaining("no private part");
    }
}
