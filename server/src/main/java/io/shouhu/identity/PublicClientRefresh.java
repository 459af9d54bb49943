package io.shouhu.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.MultiValueMap;

/**
 * Refresh tokens for the public app client. Spring issues none to public clients and lets them use a
 * refresh token only with DPoP; a prosecutor on duty should not have to sign in every quarter hour,
 * so the app gets rotating refresh tokens (each is single-use, see {@code reuseRefreshTokens(false)}),
 * as OAuth 2.1 allows for public clients.
 */
final class PublicClientRefresh {

	private PublicClientRefresh() {
	}

	/** A refresh-token request that names a public client and carries no client credentials. */
	static final class Converter implements AuthenticationConverter {

		@Override
		public Authentication convert(HttpServletRequest request) {
			MultiValueMap<String, String> parameters = FormParameters.of(request);
			if (!AuthorizationGrantType.REFRESH_TOKEN.getValue()
				.equals(parameters.getFirst(OAuth2ParameterNames.GRANT_TYPE))
					|| request.getHeader(HttpHeaders.AUTHORIZATION) != null
					|| request.getAttribute("jakarta.servlet.request.X509Certificate") != null
					|| parameters.containsKey(OAuth2ParameterNames.CLIENT_SECRET)
					|| parameters.containsKey(OAuth2ParameterNames.CLIENT_ASSERTION)) {
				return null;
			}
			String clientId = FormParameters.single(parameters, OAuth2ParameterNames.CLIENT_ID);
			if (clientId == null || clientId.isBlank()) {
				return null;
			}
			return new OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.NONE, null,
					Map.of(OAuth2ParameterNames.GRANT_TYPE, AuthorizationGrantType.REFRESH_TOKEN.getValue()));
		}
	}

	/** Authenticates that request if the client is registered as public and may refresh. */
	static final class Provider implements AuthenticationProvider {

		private final RegisteredClientRepository clients;

		Provider(RegisteredClientRepository clients) {
			this.clients = clients;
		}

		@Override
		public Authentication authenticate(Authentication authentication) {
			OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
			if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())
					|| !AuthorizationGrantType.REFRESH_TOKEN.getValue()
						.equals(request.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE))) {
				return null;
			}
			RegisteredClient client = clients.findByClientId(String.valueOf(request.getPrincipal()));
			if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
					|| !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
						"Client authentication failed: client_id", null));
			}
			return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
		}
	}

	/**
	 * Spring's refresh-token generator without its exclusion of public clients. It is asked only for
	 * clients registered with the {@code refresh_token} grant.
	 */
	static final class TokenGenerator implements OAuth2TokenGenerator<OAuth2RefreshToken> {

		private final StringKeyGenerator values = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 96);

		private final Clock clock;

		TokenGenerator(Clock clock) {
			this.clock = clock;
		}

		@Override
		public OAuth2RefreshToken generate(OAuth2TokenContext context) {
			if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
				return null;
			}
			Instant issuedAt = clock.instant();
			Instant expiresAt = issuedAt.plus(context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive());
			return new OAuth2RefreshToken(values.generateKey(), issuedAt, expiresAt);
		}
	}
}
