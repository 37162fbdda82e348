package dev.salescrm.platform.security;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.salescrm.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/** The test issuer mints exactly the roles the platform knows (platform-test cannot see the enum). */
class RoleNamesTest {

    @Test
    void testTokensKnowEveryRole() {
        assertThat(TestTokens.ROLES).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Role.values()).map(Enum::name).toList());
    }
}
