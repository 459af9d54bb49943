package io.shouhu.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.StringUtils;

/**
 * Spring's client-assertion checks ({@code iss} = {@code sub} = client id, {@code aud}, {@code exp})
 * plus SMART Backend Services': a {@code jti}, at most five minutes to {@code exp}, and no replay.
 * The {@code jti} is recorded last, so an assertion that fails any other check uses up nothing.
 */
final class ClientAssertionValidator implements OAuth2TokenValidator<Jwt> {

	static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

	private static final int MAX_JTI_LENGTH = 255;

	private static final String ERROR_URI = "https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html";

	private final OAuth2TokenValidator<Jwt> springChecks;

	private final String clientId;

	private final ClientAssertionJtis jtis;

	private final Clock clock;

	ClientAssertionValidator(OAuth2TokenValidator<Jwt> springChecks, String clientId, ClientAssertionJtis jtis,
			Clock clock) {
		this.springChecks = springChecks;
		this.clientId = clientId;
		this.jtis = jtis;
		this.clock = clock;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt assertion) {
		OAuth2TokenValidatorResult result = springChecks.validate(assertion);
		if (result.hasErrors()) {
			return result;
		}
		String jti = assertion.getId();
		if (!StringUtils.hasText(jti) || jti.length() > MAX_JTI_LENGTH) {
			return failure("The client assertion must have a jti.");
		}
		Instant expiresAt = assertion.getExpiresAt();
		if (expiresAt == null) {
			return failure("The client assertion must have an exp.");
		}
		if (expiresAt.isAfter(clock.instant().plus(MAX_LIFETIME))) {
			return failure("The client assertion must expire within five minutes.");
		}
		if (!jtis.firstUse(clientId, jti, expiresAt)) {
			return failure("The client assertion has been used before.");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult failure(String description) {
		return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, ERROR_URI));
	}
}
