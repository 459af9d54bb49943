package io.shouhu.identity;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;

/**
 * Client-assertion authentication for SMART Backend Services clients, which send no
 * {@code client_id}: the client is named by the assertion's {@code iss}, read here unverified. That is
 * safe because the assertion is then verified against that client's keys, and Spring requires
 * {@code iss} = {@code sub} = the client id. With {@code client_id} present, Spring's own converter
 * applies.
 */
final class SmartClientAssertionConverter implements AuthenticationConverter {

	static final ClientAuthenticationMethod JWT_BEARER = new ClientAuthenticationMethod(
			"urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

	@Override
	public Authentication convert(HttpServletRequest request) {
		MultiValueMap<String, String> parameters = FormParameters.of(request);
		if (parameters.getFirst(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE) == null
				|| parameters.getFirst(OAuth2ParameterNames.CLIENT_ASSERTION) == null
				|| StringUtils.hasText(parameters.getFirst(OAuth2ParameterNames.CLIENT_ID))) {
			return null;
		}
		String type = FormParameters.single(parameters, OAuth2ParameterNames.CLIENT_ASSERTION_TYPE);
		if (!JWT_BEARER.getValue().equals(type)) {
			return null;
		}
		String assertion = FormParameters.single(parameters, OAuth2ParameterNames.CLIENT_ASSERTION);
		String clientId = issuer(assertion);
		Map<String, Object> additional = isAuthorizationCodeGrant(parameters)
				? FormParameters.without(parameters, OAuth2ParameterNames.CLIENT_ASSERTION_TYPE,
						OAuth2ParameterNames.CLIENT_ASSERTION, OAuth2ParameterNames.CLIENT_ID)
				: Map.of();
		return new OAuth2ClientAuthenticationToken(clientId, JWT_BEARER, assertion, additional);
	}

	private static String issuer(String assertion) {
		try {
			String issuer = JWTParser.parse(assertion).getJWTClaimsSet().getIssuer();
			if (StringUtils.hasText(issuer)) {
				return issuer;
			}
		}
		catch (ParseException ex) {
			// reported as invalid_client below, without echoing the assertion
		}
		throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
				"Client authentication failed: client_assertion", null));
	}

	private static boolean isAuthorizationCodeGrant(MultiValueMap<String, String> parameters) {
		return AuthorizationGrantType.AUTHORIZATION_CODE.getValue()
			.equals(parameters.getFirst(OAuth2ParameterNames.GRANT_TYPE))
				&& parameters.getFirst(OAuth2ParameterNames.CODE) != null;
	}
}
