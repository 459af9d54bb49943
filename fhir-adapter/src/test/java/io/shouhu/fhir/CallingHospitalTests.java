package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.shouhu.casework.HospitalId;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;

class CallingHospitalTests {

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void theHospitalClaimNamesTheHospital() {
		authenticate(Jwt.withTokenValue("t").header("alg", "none").subject("client-7").claim("hospital", "hospital-01"));

		assertThat(CallingHospital.current()).isEqualTo(new HospitalId("hospital-01"));
	}

	@Test
	void withoutTheClaimNoTokenIsAHospitalWhateverItsSubject() {
		authenticate(Jwt.withTokenValue("t").header("alg", "none").subject("hospital-02"));

		assertThatThrownBy(CallingHospital::current).isInstanceOf(ForbiddenOperationException.class);
	}

	@Test
	void noneOrAnAnonymousCallerIsNotAuthenticated() {
		assertThatThrownBy(CallingHospital::current).isInstanceOf(AuthenticationException.class);

		SecurityContextHolder.getContext()
			.setAuthentication(new AnonymousAuthenticationToken("k", "anonymousUser",
					AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
		assertThatThrownBy(CallingHospital::current).isInstanceOf(AuthenticationException.class);
	}

	private static void authenticate(Jwt.Builder jwt) {
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt.build(), List.of()));
	}
}
