package dev.squall.chat.teams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

  private final FakeTeams teams = new FakeTeams();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    teams.close();
  }

  @Test
  void unknownKeyIdFetchesTheRotatedKeys() throws Exception {
    SigningKeys keys = new SigningKeys(http, URI.create(teams.metadataUrl()), Duration.ZERO);
    keys.refresh();
    assertThat(keys.find(FakeTeams.KID).endorsements()).contains("msteams");
    String rotated = teams.rotateKey();

    assertThat(keys.find(rotated)).isNotNull();
    assertThat(keys.find(FakeTeams.KID)).isNotNull();
  }

  @Test
  void unknownKeyIdsDoNotRefetchMoreOftenThanAllowed() throws Exception {
    SigningKeys keys = new SigningKeys(http, URI.create(teams.metadataUrl()), Duration.ofHours(1));
    keys.refresh();
    String rotated = teams.rotateKey();

    assertThat(keys.find(rotated)).isNull();
  }

  @Test
  void tokenSignedWithARotatedKeyIsAccepted() throws Exception {
    InboundAuth auth = new InboundAuth(new SigningKeys(http, URI.create(teams.metadataUrl()), Duration.ZERO), FakeTeams.APP_ID);
    auth.check("Bearer " + teams.channelToken(c -> { }), teams.serviceUrl(), "msteams");
    teams.rotateKey();

    auth.check("Bearer " + teams.channelToken(c -> { }), teams.serviceUrl().replaceAll("/$", ""), "msteams");
    assertThatThrownBy(() -> auth.check("Bearer " + teams.channelToken(c -> { }), teams.serviceUrl(), "slack"))
        .isInstanceOf(InboundAuth.Refused.class).hasMessageContaining("not endorsed");
  }

  @Test
  void metadataWithoutJwksUriIsAnError() {
    SigningKeys keys = new SigningKeys(http, URI.create(teams.url() + "/v1/.well-known/keys"), Duration.ZERO);
    assertThatThrownBy(keys::refresh).isInstanceOf(IOException.class).hasMessageContaining("no jwks_uri");
  }
}
