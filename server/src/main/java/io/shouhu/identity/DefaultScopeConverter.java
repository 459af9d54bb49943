package io.shouhu.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A client-credentials request without {@code scope} is granted the client's registered scopes (the
 * pre-defined default of RFC 6749 §3.3), so the token and the token response name them. Spring's own
 * converter still parses and checks the request.
 */
final class DefaultScopeConverter implements AuthenticationConverter {

	private final AuthenticationConverter delegate = new OAuth2ClientCredentialsAuthenticationConverter();

	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication converted = delegate.convert(request);
		if (!(converted instanceof OAuth2ClientCredentialsAuthenticationToken tokenRequest)
				|| !tokenRequest.getScopes().isEmpty()
				|| !(tokenRequest.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
				|| client.getRegisteredClient() == null) {
			return converted;
		}
		return new OAuth2ClientCredentialsAuthenticationToken(client, client.getRegisteredClient().getScopes(),
				tokenRequest.getAdditionalParameters());
	}
}
