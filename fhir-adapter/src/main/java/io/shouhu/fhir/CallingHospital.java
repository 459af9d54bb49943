package io.shouhu.fhir;

import io.shouhu.casework.HospitalId;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;

/**
 * The hospital the caller is authenticated as: the {@code hospital} claim of its access token, and
 * nothing else. The security filter chain
 * in front of {@code /fhir} has already checked the token and its scope.
 */
final class CallingHospital {

	static final String HOSPITAL_CLAIM = "hospital";

	private CallingHospital() {
	}

	static HospitalId current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			throw new AuthenticationException("A hospital access token is required.");
		}
		// Only the explicit claim counts: a fallback to the subject would let any token of the identity
		// provider whose subject happens to look like a hospital id speak for that hospital.
		if (!(authentication instanceof JwtAuthenticationToken jwt)) {
			throw new ForbiddenOperationException("The caller is not a hospital.");
		}
		String hospital = jwt.getToken().getClaimAsString(HOSPITAL_CLAIM);
		try {
			return new HospitalId(hospital);
		}
		catch (RuntimeException ex) {
			throw new ForbiddenOperationException("The caller is not a hospital.");
		}
	}
}
