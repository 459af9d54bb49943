package io.shouhu.identity;

import java.time.Clock;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The demo identity provider: an embedded Spring Authorization Server with the demo hospitals, the
 * app and the demo staff. Authorizations (codes, refresh tokens) are kept in memory, which is fine
 * for one demo instance; production uses an external OpenID provider and none of this.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnDemo
class DemoIdentityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DemoIdentityConfiguration.class);

	/**
	 * No issuer: Spring derives it from each request, so the tokens, the discovery documents and the
	 * audience expected in client assertions all name the host the caller used.
	 */
	@Bean
	AuthorizationServerSettings authorizationServerSettings() {
		return AuthorizationServerSettings.builder().build();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository() {
		return new InMemoryRegisteredClientRepository(DemoClients.all());
	}

	@Bean
	OAuth2AuthorizationService authorizationService() {
		return new InMemoryOAuth2AuthorizationService();
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService() {
		return new InMemoryOAuth2AuthorizationConsentService();
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(MongoOperations mongo) {
		return new ImmutableJWKSet<>(new JWKSet(DemoSigningKey.loadOrCreate(mongo)));
	}

	@Bean
	UserDetailsService demoUsers() {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		String password = encoder.encode(DemoUsers.PASSWORD);
		return new InMemoryUserDetailsManager(DemoUsers.all()
			.stream()
			.map(user -> (UserDetails) User.withUsername(user.username())
				.password(password)
				.roles(user.roleCodes().toArray(String[]::new))
				.build())
			.toList());
	}

	@Bean
	ClientAssertionJtis clientAssertionJtis(MongoOperations mongo) {
		ClientAssertionJtis jtis = new ClientAssertionJtis(mongo, Clock.systemUTC());
		jtis.declareIndexes();
		return jtis;
	}

	@Bean
	DemoAuthorizationServer demoAuthorizationServer(RegisteredClientRepository clients,
			JWKSource<SecurityContext> jwkSource, ClientAssertionJtis jtis,
			@Value("classpath:demo/hospital-keys.jwks.json") Resource hospitalKeys) {
		HospitalKeys keys = HospitalKeys.load(hospitalKeys);
		// Loud on purpose: the demo's private keys and passwords are public, so demo mode on a server
		// holding real reports would let anyone read them.
		log.warn("DEMO MODE: the embedded identity provider is on with {} demo hospital clients and demo users "
				+ "whose keys and passwords are published (docs/demo.md). Never use it with real reports: set "
				+ "spring.security.oauth2.resourceserver.jwt.issuer-uri (or shouhu.demo.enabled=false).",
				keys.clientCount());
		Clock clock = Clock.systemUTC();
		HospitalAssertionDecoders assertionDecoders = new HospitalAssertionDecoders(keys,
				client -> new ClientAssertionValidator(
						JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client), client.getClientId(),
						jtis, clock));
		JwtGenerator jwt = new JwtGenerator(new NimbusJwtEncoder(jwkSource));
		jwt.setJwtCustomizer(new TokenClaims());
		DelegatingOAuth2TokenGenerator tokens = new DelegatingOAuth2TokenGenerator(jwt, new OAuth2AccessTokenGenerator(),
				new PublicClientRefresh.TokenGenerator(clock));
		return new DemoAuthorizationServer(clients, assertionDecoders, tokens);
	}
}
