package io.shouhu.identity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Decoders for client assertions. A client with keys in the local JWKS is checked against those
 * (RS384 or ES384, as SMART requires) without any HTTP call; any other client falls back to Spring's
 * factory (its {@code jwkSetUrl}). Both apply the same validator, so replay protection holds either
 * way.
 */
final class HospitalAssertionDecoders implements JwtDecoderFactory<RegisteredClient> {

	private final HospitalKeys keys;

	private final Function<RegisteredClient, OAuth2TokenValidator<Jwt>> validators;

	private final JwtClientAssertionDecoderFactory fallback = new JwtClientAssertionDecoderFactory();

	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	HospitalAssertionDecoders(HospitalKeys keys, Function<RegisteredClient, OAuth2TokenValidator<Jwt>> validators) {
		this.keys = keys;
		this.validators = validators;
		this.fallback.setJwtValidatorFactory(validators);
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		return decoders.computeIfAbsent(client.getId(), id -> build(client));
	}

	private JwtDecoder build(RegisteredClient client) {
		JWKSet clientKeys = keys.of(client.getClientId());
		if (clientKeys.isEmpty()) {
			return fallback.createDecoder(client);
		}
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(clientKeys))
			.jwsAlgorithms(algorithms -> {
				algorithms.add(SignatureAlgorithm.RS384);
				algorithms.add(SignatureAlgorithm.ES384);
			})
			.build();
		decoder.setJwtValidator(validators.apply(client));
		return decoder;
	}
}
