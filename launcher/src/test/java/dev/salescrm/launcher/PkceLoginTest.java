package dev.salescrm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The pieces of {@link PkceLogin} that need no issuer; the whole flow is tested against identity in its module. */
class PkceLoginTest {

    @Test
    void s256ChallengeIsTheRfc7636Example() {
        // RFC 7636, Appendix B.
        assertThat(PkceLogin.Pkce.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void generatedVerifiersAreLongRandomAndUrlSafe() {
        PkceLogin.Pkce a = PkceLogin.Pkce.generate();
        PkceLogin.Pkce b = PkceLogin.Pkce.generate();
        assertThat(a.verifier()).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(b.verifier());
        assertThat(a.challenge()).isEqualTo(PkceLogin.Pkce.challengeOf(a.verifier()));
    }

    @Test
    void readsTheCsrfTokenOfALoginForm() {
        String html = "<form method=\"post\" action=\"/login\"><input name=\"username\"/>"
                + "<input name=\"_csrf\" type=\"hidden\" value=\"a1b2-c3\" /></form>";
        assertThat(PkceLogin.csrfToken(html)).isEqualTo("a1b2-c3");
        assertThat(PkceLogin.csrfToken("<input type=\"hidden\" value=\"x\" name=\"_csrf\">")).isEqualTo("x");
        assertThat(PkceLogin.csrfToken("<form></form>")).isNull();
    }

    @Test
    void readsTokenResponsesAndRedirectQueries() {
        String json = "{\"access_token\":\"eyJ.a-b_c.d\",\"scope\":\"openid profile\",\"token_type\":\"Bearer\",\"expires_in\":899}";
        assertThat(PkceLogin.jsonString(json, "access_token")).isEqualTo("eyJ.a-b_c.d");
        assertThat(PkceLogin.jsonString(json, "refresh_token")).isNull();
        assertThat(PkceLogin.jsonNumber(json, "expires_in")).isEqualTo("899");
        assertThat(PkceLogin.parseQuery("code=abc%2Bd&state=s1&error_description=a%20b"))
                .isEqualTo(Map.of("code", "abc+d", "state", "s1", "error_description", "a b"));
    }

    @Test
    void anIssuerThatIsNotRunningIsAClearError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int closed = port;
        assertThatThrownBy(() -> PkceLogin.accessToken("http://127.0.0.1:" + closed, "crm-web",
                PkceLogin.DEFAULT_REDIRECT_URI, "alice", "x"))
                .isInstanceOf(PkceLogin.LoginException.class)
                .hasMessageContaining("cannot reach the issuer");
    }

    @Test
    void machineSecretsComeFromTheEnvironmentOrTheLocalDefault() {
        assertThat(Crm.clientSecret("erp-sync", Map.of())).isEqualTo("erp-sync-local-secret");
        assertThat(Crm.clientSecret("erp-sync", Map.of("CRM_ERP_SYNC_SECRET", "s3"))).isEqualTo("s3");
        assertThat(Crm.clientSecret("analytics", Map.of("CRM_ANALYTICS_SECRET", "a"))).isEqualTo("a");
    }

    @Test
    void tokenCommandRejectsAmbiguousArguments() {
        SuiteConfig config = SuiteConfig.builder(java.nio.file.Path.of("/tmp/h"), java.nio.file.Path.of("/repo")).build();
        assertThat(Crm.token(config, new String[] {"token"}, Map.of())).isEqualTo(2);
        assertThat(Crm.token(config, new String[] {"token", "alice", "--client", "erp-sync"}, Map.of())).isEqualTo(2);
        assertThat(Crm.token(config, new String[] {"token", "alice", "bob"}, Map.of())).isEqualTo(2);
        assertThat(Crm.token(config, new String[] {"token", "alice", "--password"}, Map.of())).isEqualTo(2);
    }
}
