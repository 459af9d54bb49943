package io.shouhu.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 under {@code /fhir} as a FHIR {@code OperationOutcome}, with the RFC 6750
 * {@code WWW-Authenticate} header Spring's bearer-token handlers set. Written by hand: HAPI's types
 * stay in the FHIR adapter.
 */
final class FhirSecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

	static final String FHIR_JSON = "application/fhir+json";

	private final BearerTokenAuthenticationEntryPoint bearerChallenge = new BearerTokenAuthenticationEntryPoint();

	private final BearerTokenAccessDeniedHandler bearerDenial = new BearerTokenAccessDeniedHandler();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		bearerChallenge.commence(request, response, ex);
		write(response, HttpServletResponse.SC_UNAUTHORIZED, "login",
				"A hospital access token is required: the bearer token is missing, invalid or expired.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		bearerDenial.handle(request, response, ex);
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		String diagnostics = TokenRules.isHospital(caller)
				? "The access token lacks the scope this request needs "
						+ "(system/Bundle.c to send reports, system/Task.rs to read tasks)."
				: "This endpoint is for hospitals; the access token is not a hospital's.";
		write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", diagnostics);
	}

	private static void write(HttpServletResponse response, int status, String code, String diagnostics)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(status);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setContentType(FHIR_JSON + ";charset=UTF-8");
		response.getWriter()
			.write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":"
					+ JsonText.quote(code) + ",\"diagnostics\":" + JsonText.quote(diagnostics) + "}]}");
	}
}
