package dev.salescrm.launcher;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's login at the local issuer (the {@code identity} module) the way a browser and a native app do it:
 * the authorization code flow with PKCE (RFC 7636, S256) through the issuer's login form. No Spring, no browser:
 * a {@link HttpClient} that keeps cookies, does not follow redirects, and reads the code from the redirect's
 * {@code Location} — nothing needs to listen on the redirect URI. Also the client-credentials grant for machine
 * clients. Used by {@code ./crm token}, by the identity module's tests and by the system tests.
 *
 * <p>One instance is one user agent (one cookie jar, so one login session at the issuer).
 */
public final class PkceLogin {

    /** The demo users' password when {@code CRM_DEMO_PASSWORD} is not set (identity's application.yml). */
    public static final String DEFAULT_DEMO_PASSWORD = "crm-demo";
    /** The public client {@code ./crm token} logs in with. */
    public static final String DEFAULT_CLIENT = "crm-web";
    /** A registered loopback redirect URI; it is never connected to. */
    public static final String DEFAULT_REDIRECT_URI = "http://127.0.0.1/callback";

    private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");
    private static final int MAX_REDIRECTS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI issuer;
    private final HttpClient http;

    /** @param issuerBase the issuer URL, e.g. {@code http://127.0.0.1:9000} (endpoints are below it) */
    public PkceLogin(String issuerBase) {
        this.issuer = URI.create(issuerBase.endsWith("/") ? issuerBase : issuerBase + "/");
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The whole flow in one call: login, authorization code with PKCE, token. Returns the access token. */
    public static String accessToken(String issuerBase, String clientId, String redirectUri, String username,
            String password) {
        PkceLogin login = new PkceLogin(issuerBase);
        Pkce pkce = Pkce.generate();
        String code = login.authorizationCode(clientId, redirectUri, username, password, pkce);
        return login.exchange(clientId, redirectUri, code, pkce.verifier()).accessToken();
    }

    /** Client credentials grant (client_secret_basic). Returns the access token. */
    public static String clientCredentialsToken(String issuerBase, String clientId, String clientSecret) {
        return new PkceLogin(issuerBase).clientCredentials(clientId, clientSecret, null).accessToken();
    }

    // ------------------------------------------------------------------------------------------- steps

    /** A PKCE pair: a random verifier (43 characters) and its S256 challenge. */
    public record Pkce(String verifier, String challenge) {
        public static Pkce generate() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String verifier = base64Url(bytes);
            return new Pkce(verifier, challengeOf(verifier));
        }

        public static String challengeOf(String verifier) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return base64Url(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** What the token endpoint answered with 200. */
    public record TokenResponse(String accessToken, String tokenType, long expiresIn, String idToken,
            String refreshToken, String scope) {
    }

    /** The flow failed: bad credentials, a refused request, an error from the issuer, an unreachable issuer. */
    public static final class LoginException extends RuntimeException {
        private final int status;

        public LoginException(String message, int status) {
            super(message);
            this.status = status;
        }

        public LoginException(String message, Throwable cause) {
            super(message, cause);
            this.status = -1;
        }

        /** HTTP status of the answer that failed the flow, -1 if there was none. */
        public int status() {
            return status;
        }
    }

    /**
     * Asks for an authorization code as a browser does: {@code GET /oauth2/authorize} with the S256 challenge,
     * which sends a stranger to the login form; the form is posted with its CSRF token; the issuer sends the
     * user agent back to the authorize request, which redirects to {@code redirectUri?code=…&state=…}.
     * Returns the code; the {@code state} is checked.
     */
    public String authorizationCode(String clientId, String redirectUri, String username, String password, Pkce pkce) {
        String state = base64Url(randomBytes(16));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid profile");
        query.put("state", state);
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        URI next = issuer.resolve("oauth2/authorize?" + form(query));
        boolean loggedIn = false;
        for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(next).header("Accept", "text/html").GET());
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() == 200 && isLoginPage(next)) {
                if (loggedIn) {
                    throw new LoginException("the issuer showed the login form again after a login", 200);
                }
                String csrf = csrfToken(response.body());
                Map<String, String> credentials = new LinkedHashMap<>();
                credentials.put("username", username);
                credentials.put("password", password);
                if (csrf != null) {
                    credentials.put("_csrf", csrf);
                }
                HttpResponse<String> posted = send(HttpRequest.newBuilder(next.resolve("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html")
                        .POST(HttpRequest.BodyPublishers.ofString(form(credentials))));
                String after = posted.headers().firstValue("Location").orElse("");
                if (posted.statusCode() / 100 != 3 || after.contains("error")) {
                    throw new LoginException("login of " + username + " refused (bad username or password?): HTTP "
                            + posted.statusCode() + (after.isEmpty() ? "" : " → " + after), posted.statusCode());
                }
                loggedIn = true;
                next = next.resolve(after);
                continue;
            }
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                throw new LoginException("authorize request to " + next + " answered HTTP " + response.statusCode()
                        + ": " + abbreviate(response.body()), response.statusCode());
            }
            URI target = next.resolve(location.get());
            if (withoutQuery(target).equals(URI.create(redirectUri))) {
                return codeFrom(target, state);
            }
            next = target;
        }
        throw new LoginException("more than " + MAX_REDIRECTS + " redirects at " + next, -1);
    }

    /** {@code POST /oauth2/token} with the code and the PKCE verifier (public client: no secret). */
    public TokenResponse exchange(String clientId, String redirectUri, String code, String codeVerifier) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri);
        body.put("client_id", clientId);
        body.put("code_verifier", codeVerifier);
        return token(HttpRequest.newBuilder(issuer.resolve("oauth2/token")), body);
    }

    /** {@code POST /oauth2/token} with {@code grant_type=client_credentials}, the secret as HTTP Basic. */
    public TokenResponse clientCredentials(String clientId, String clientSecret, String scope) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "client_credentials");
        if (scope != null) {
            body.put("scope", scope);
        }
        String basic = Base64.getEncoder().encodeToString(
                (urlEncode(clientId) + ":" + urlEncode(clientSecret)).getBytes(StandardCharsets.UTF_8));
        return token(HttpRequest.newBuilder(issuer.resolve("oauth2/token")).header("Authorization", "Basic " + basic),
                body);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private TokenResponse token(HttpRequest.Builder request, Map<String, String> body) {
        HttpResponse<String> response = send(request
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(body))));
        if (response.statusCode() != 200) {
            throw new LoginException("token endpoint answered HTTP " + response.statusCode() + ": "
                    + abbreviate(response.body()), response.statusCode());
        }
        String json = response.body();
        String accessToken = jsonString(json, "access_token");
        if (accessToken == null) {
            throw new LoginException("token response without access_token: " + abbreviate(json), 200);
        }
        String expiresIn = jsonNumber(json, "expires_in");
        return new TokenResponse(accessToken, jsonString(json, "token_type"),
                expiresIn == null ? -1 : Long.parseLong(expiresIn), jsonString(json, "id_token"),
                jsonString(json, "refresh_token"), jsonString(json, "scope"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LoginException("cannot reach the issuer at " + issuer + " (is it running? ./crm up): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("interrupted", e);
        }
    }

    private static boolean isLoginPage(URI uri) {
        return "/login".equals(uri.getPath());
    }

    private static URI withoutQuery(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }

    private static String codeFrom(URI redirect, String expectedState) {
        Map<String, String> params = parseQuery(redirect.getRawQuery());
        if (params.containsKey("error")) {
            throw new LoginException("the issuer refused the authorization request: " + params.get("error")
                    + (params.containsKey("error_description") ? " (" + params.get("error_description") + ")" : ""), 302);
        }
        if (!expectedState.equals(params.get("state"))) {
            throw new LoginException("state mismatch in redirect " + redirect, 302);
        }
        String code = params.get("code");
        if (code == null || code.isEmpty()) {
            throw new LoginException("redirect without a code: " + redirect, 302);
        }
        return code;
    }

    static String csrfToken(String html) {
        Matcher input = CSRF_INPUT.matcher(html);
        if (!input.find()) {
            return null;
        }
        Matcher value = VALUE.matcher(input.group());
        return value.find() ? value.group(1).replace("&#x2d;", "-").replace("&#45;", "-") : null;
    }

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return params;
    }

    /** A string member of a flat JSON object (token responses are flat; JWTs and opaque tokens need no escapes). */
    static String jsonString(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1).replace("\\/", "/") : null;
    }

    static String jsonNumber(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static String form(Map<String, String> params) {
        StringJoiner joiner = new StringJoiner("&");
        params.forEach((k, v) -> joiner.add(urlEncode(k) + "=" + urlEncode(v)));
        return joiner.toString();
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String abbreviate(String s) {
        String flat = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
