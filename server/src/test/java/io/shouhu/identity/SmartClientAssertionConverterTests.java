package io.shouhu.identity;

import java.time.Instant;
import java.util.Date;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmartClientAssertionConverterTests {

	private final SmartClientAssertionConverter converter = new SmartClientAssertionConverter();

	@Test
	void namesTheClientByTheIssuerWhenThereIsNoClientId() {
		String assertion = assertion("hospital-05");

		Authentication converted = converter.convert(tokenRequest(assertion));

		assertThat(converted).isInstanceOf(OAuth2ClientAuthenticationToken.class);
		OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) converted;
		assertThat(client.getPrincipal()).isEqualTo("hospital-05");
		assertThat(client.getCredentials()).isEqualTo(assertion);
		assertThat(client.getClientAuthenticationMethod().getValue()).isEqualTo(DemoTokens.JWT_BEARER);
		assertThat(client.isAuthenticated()).isFalse();
	}

	@Test
	void leavesRequestsWithAClientIdToSpring() {
		MockHttpServletRequest request = tokenRequest(assertion("hospital-05"));
		request.addParameter("client_id", "hospital-05");

		assertThat(converter.convert(request)).isNull();
	}

	@Test
	void leavesOtherRequestsAlone() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		request.addParameter("grant_type", "client_credentials");
		assertThat(converter.convert(request)).isNull();

		MockHttpServletRequest otherType = tokenRequest(assertion("hospital-05"));
		otherType.setParameter("client_assertion_type", "urn:example:other");
		assertThat(converter.convert(otherType)).isNull();
	}

	@Test
	void refusesAnAssertionThatIsNoJwtOrNamesNoIssuer() {
		assertThatThrownBy(() -> converter.convert(tokenRequest("not-a-jwt")))
			.isInstanceOf(OAuth2AuthenticationException.class)
			.extracting(ex -> ((OAuth2AuthenticationException) ex).getError().getErrorCode())
			.isEqualTo("invalid_client");
		String noIssuer = DemoTokens.sign(DemoTokens.privateKey("hospital-05"), "hospital-05",
				new JWTClaimsSet.Builder().subject("hospital-05").build());
		assertThatThrownBy(() -> converter.convert(tokenRequest(noIssuer)))
			.isInstanceOf(OAuth2AuthenticationException.class);
	}

	@Test
	void refusesARepeatedAssertion() {
		MockHttpServletRequest request = tokenRequest(assertion("hospital-05"));
		request.addParameter("client_assertion", assertion("hospital-06"));

		assertThatThrownBy(() -> converter.convert(request)).isInstanceOf(OAuth2AuthenticationException.class)
			.extracting(ex -> ((OAuth2AuthenticationException) ex).getError().getErrorCode())
			.isEqualTo("invalid_request");
	}

	private static MockHttpServletRequest tokenRequest(String assertion) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		request.setContentType("application/x-www-form-urlencoded");
		request.addParameter("grant_type", "client_credentials");
		request.addParameter("client_assertion_type", DemoTokens.JWT_BEARER);
		request.addParameter("client_assertion", assertion);
		return request;
	}

	private static String assertion(String hospital) {
		return DemoTokens.sign(DemoTokens.privateKey(hospital), hospital,
				new JWTClaimsSet.Builder().issuer(hospital)
					.subject(hospital)
					.audience("http://localhost/oauth2/token")
					.jwtID("j-" + System.nanoTime())
					.expirationTime(Date.from(Instant.now().plusSeconds(120)))
					.build());
	}
}
