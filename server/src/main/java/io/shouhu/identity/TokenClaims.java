package io.shouhu.identity;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Puts Shouhu's claims ({@link ShouhuClaims}) in the access tokens. Only in access tokens: an ID token
 * is signed with the same key, and without these claims it cannot pass for one.
 */
final class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
			String clientId = context.getRegisteredClient().getClientId();
			if (DemoClients.isHospital(clientId)) {
				context.getClaims().claim(ShouhuClaims.HOSPITAL, clientId);
			}
			return;
		}
		if (context.getPrincipal() == null) {
			return;
		}
		DemoUsers.find(context.getPrincipal().getName()).ifPresent(user -> context.getClaims()
			.claim(ShouhuClaims.JURISDICTION, user.jurisdiction().value())
			.claim(ShouhuClaims.ROLES, user.roleCodes()));
	}
}
