package io.shouhu.identity;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The demo identity provider's additions to Spring Authorization Server, applied by the security
 * filter chain in front of its endpoints: SMART client assertions without {@code client_id}, checked
 * against the hospitals' registered keys with replay protection; default scopes for client
 * credentials; Shouhu's token claims; refresh tokens for the public app; OpenID Connect. Exists only
 * in demo mode.
 * <p>
 * Deliberately not a {@code Customizer} bean: Spring Security 7 applies every
 * {@code Customizer<SomeConfigurer>} bean to every {@code HttpSecurity}, which would turn each filter
 * chain into an authorization server chain.
 */
public final class DemoAuthorizationServer {

	private final RegisteredClientRepository clients;

	private final JwtDecoderFactory<RegisteredClient> assertionDecoders;

	private final OAuth2TokenGenerator<?> tokens;

	DemoAuthorizationServer(RegisteredClientRepository clients, JwtDecoderFactory<RegisteredClient> assertionDecoders,
			OAuth2TokenGenerator<?> tokens) {
		this.clients = clients;
		this.assertionDecoders = assertionDecoders;
		this.tokens = tokens;
	}

	/** Applies the additions to the configurer of the authorization server's filter chain. */
	public void applyTo(OAuth2AuthorizationServerConfigurer server) {
		server.tokenGenerator(tokens)
			.clientAuthentication(clientAuthentication -> clientAuthentication
				.authenticationConverter(new SmartClientAssertionConverter())
				.authenticationConverter(new PublicClientRefresh.Converter())
				.authenticationProviders(providers -> {
					providers.forEach(provider -> {
						if (provider instanceof JwtClientAssertionAuthenticationProvider assertions) {
							assertions.setJwtDecoderFactory(assertionDecoders);
						}
					});
					providers.add(0, new PublicClientRefresh.Provider(clients));
				}))
			.tokenEndpoint(token -> token.accessTokenRequestConverter(new DefaultScopeConverter()))
			.oidc(Customizer.withDefaults());
	}
}
