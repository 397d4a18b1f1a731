package ai.kiana.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kiana.core.ledger.Role;
import ai.kiana.server.http.TestNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access and refresh tokens under attack: every forged, stale or replayed one is refused. */
class TokenAttackTest {

  private static final Pattern COOKIE = Pattern.compile("kiana_refresh=([^;]*)");
  private static final String ME = "/api/v1/auth/me";

  @TempDir Path dir;
  TestNode server;

  @BeforeEach
  void start() {
    server = TestNode.start(dir);
    TestNode.accountFor(server.node, "anna", Role.USER);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void loginAnswersAnAccessTokenAndSetsAnHttpOnlyRefreshCookie() {
    TestNode.Reply r = login("anna", TestNode.PASSWORD);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("expires_in").asLong()).isEqualTo(900);
    assertThat(r.json().get("token_type").asText()).isEqualTo("Bearer");
    assertThat(r.header("Set-Cookie"))
        .hasValueSatisfying(
            c ->
                assertThat(c)
                    .contains("HttpOnly")
                    .contains("SameSite=Strict")
                    .contains("Path=/api/v1/auth"));
    TestNode.Reply me = server.withToken(r.json().get("access_token").asText()).get(ME);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("username").asText()).isEqualTo("anna");
    assertThat(me.json().get("role").asText()).isEqualTo("user");
  }

  @Test
  void wrongPasswordAndUnknownNameGetTheSame401() {
    TestNode.Reply wrong = login("anna", "not the password");
    TestNode.Reply unknown = login("nobody", TestNode.PASSWORD);

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.json().get("message")).isEqualTo(unknown.json().get("message"));
  }

  @Test
  void algNoneTokenIsRefused() {
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String claims = b64(decodedClaims(validToken()));
    assertThat(server.withToken(header + "." + claims + ".").get(ME).status()).isEqualTo(401);
  }

  @Test
  void tokenSignedWithAnotherKeyIsRefused() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256), SignedJWT.parse(validToken()).getJWTClaimsSet());
    jwt.sign(new MACSigner(new byte[32]));
    assertThat(server.withToken(jwt.serialize()).get(ME).status()).isEqualTo(401);
  }

  @Test
  void expiredTokenIsRefused() {
    String token = validToken();
    assertThat(server.withToken(token).get(ME).status()).isEqualTo(200);

    server.clock.advance(Duration.ofMinutes(16));

    TestNode.Reply r = server.withToken(token).get(ME);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_token");
  }

  @Test
  void tamperedClaimsBreakTheSignature() {
    String[] parts = validToken().split("\\.");
    String claims = decodedClaims(validToken());
    String creatorId = Long.toString(server.node.security().auth().account("creator").get().id());
    String forged = claims.replaceAll("\"sub\":\"[0-9]+\"", "\"sub\":\"" + creatorId + "\"");
    assertThat(forged).isNotEqualTo(claims);

    TestNode.Reply r = server.withToken(parts[0] + "." + b64(forged) + "." + parts[2]).get(ME);

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void tokenWithAnotherAlgorithmInTheHeaderIsRefused() throws Exception {
    SignedJWT original = SignedJWT.parse(validToken());
    String header = b64("{\"alg\":\"HS512\"}");
    String[] parts = validToken().split("\\.");
    assertThat(original.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(server.withToken(header + "." + parts[1] + "." + parts[2]).get(ME).status())
        .isEqualTo(401);
  }

  @Test
  void garbageAndOversizedTokensAre401NotErrors() {
    assertThat(server.withToken("x").get(ME).status()).isEqualTo(401);
    assertThat(server.withToken("a.b.c").get(ME).status()).isEqualTo(401);
    assertThat(server.withToken("e".repeat(5000)).get(ME).status()).isIn(401, 431);
  }

  @Test
  void refreshRotatesAndAReusedRefreshTokenEndsTheWholeSession() {
    String first = cookie(login("anna", TestNode.PASSWORD));

    TestNode.Reply rotated = refresh(first);
    assertThat(rotated.status()).isEqualTo(200);
    String second = cookie(rotated);
    assertThat(second).isNotEqualTo(first);

    TestNode.Reply replay = refresh(first);
    assertThat(replay.status()).isEqualTo(401);
    // The thief replayed an old token: the legitimate newer one dies with it.
    assertThat(refresh(second).status()).isEqualTo(401);
    assertThat(auditActions()).contains("refresh-reused");
  }

  @Test
  void logoutEndsTheRefreshTokenAndLogoutAllTheAccessTokensToo() {
    TestNode.Reply session = login("anna", TestNode.PASSWORD);
    String token = session.json().get("access_token").asText();
    String refreshToken = cookie(session);

    TestNode.Reply out =
        server.withToken(token).send("POST", "/api/v1/auth/logout-all", null, null, Map.of());

    assertThat(out.status()).isEqualTo(204);
    assertThat(server.withToken(token).get(ME).status()).isEqualTo(401);
    assertThat(refresh(refreshToken).status()).isEqualTo(401);
  }

  @Test
  void repeatedFailedLoginsLockTheAccountAndAreAudited() {
    int last = 0;
    for (int i = 0; i < 10; i++) {
      last = login("anna", "wrong password " + i).status();
      server.clock.advance(Duration.ofMinutes(2)); // past each growing delay, to reach the lock
    }
    assertThat(last).isEqualTo(401);

    TestNode.Reply locked = login("anna", TestNode.PASSWORD);

    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.header("Retry-After")).isPresent();
    assertThat(auditActions()).contains("login-failed", "login-locked");
    server.clock.advance(Duration.ofMinutes(16));
    assertThat(login("anna", TestNode.PASSWORD).status()).isEqualTo(200);
  }

  private TestNode.Reply login(String user, String password) {
    return server
        .anonymous()
        .postJson(
            "/api/v1/auth/login",
            "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
  }

  private TestNode.Reply refresh(String cookie) {
    return server
        .anonymous()
        .send(
            "POST",
            "/api/v1/auth/refresh",
            null,
            null,
            Map.of("Cookie", "kiana_refresh=" + cookie));
  }

  private String validToken() {
    return login("anna", TestNode.PASSWORD).json().get("access_token").asText();
  }

  private java.util.List<String> auditActions() {
    return server.node.security().audit().entries(0, 1000).stream().map(e -> e.action()).toList();
  }

  private static String cookie(TestNode.Reply r) {
    Matcher m = COOKIE.matcher(r.header("Set-Cookie").orElseThrow());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String decodedClaims(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
