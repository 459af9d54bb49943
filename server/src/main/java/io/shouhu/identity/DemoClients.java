package io.shouhu.identity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/** The demo identity provider's OAuth2 clients: twelve hospitals and the mobile app. */
final class DemoClients {

	static final String APP = "shouhu-app";

	static final List<String> HOSPITALS = IntStream.rangeClosed(1, 12)
		.mapToObj(n -> String.format("hospital-%02d", n))
		.toList();

	private DemoClients() {
	}

	static List<RegisteredClient> all() {
		List<RegisteredClient> clients = new ArrayList<>();
		HOSPITALS.forEach(id -> clients.add(hospital(id)));
		clients.add(app());
		return clients;
	}

	static boolean isHospital(String clientId) {
		return HOSPITALS.contains(clientId);
	}

	/**
	 * A SMART Backend Services client: client credentials, authenticated by a client assertion signed
	 * with its own key (RS384). The signing algorithm must be a {@link SignatureAlgorithm}, or Spring
	 * takes the assertion for {@code client_secret_jwt}.
	 */
	private static RegisteredClient hospital(String id) {
		return RegisteredClient.withId(id)
			.clientId(id)
			.clientName("Demo " + id)
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes(scopes -> scopes.addAll(HospitalScopes.ALL))
			.clientSettings(ClientSettings.builder()
				.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384)
				.requireAuthorizationConsent(false)
				.build())
			.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(5)).build())
			.build();
	}

	/**
	 * The prosecutors' app: a public client (no secret can be kept in an app), so PKCE is required and
	 * refresh tokens rotate on every use.
	 */
	private static RegisteredClient app() {
		return RegisteredClient.withId(APP)
			.clientId(APP)
			.clientName("Shouhu app")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUri("shouhu://callback")
			.redirectUri("http://127.0.0.1/callback")
			.postLogoutRedirectUri("shouhu://callback")
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(Duration.ofMinutes(15))
				.refreshTokenTimeToLive(Duration.ofHours(12))
				.reuseRefreshTokens(false)
				.build())
			.build();
	}
}
