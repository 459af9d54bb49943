package io.shouhu.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 under {@code /api} as RFC 9457 problem details with the types of
 * {@code docs/api/problems.md}, plus the RFC 6750 {@code WWW-Authenticate} header.
 */
final class ProblemSecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

	static final String PROBLEM_JSON = "application/problem+json";

	static final String TYPES = "https://shouhu.io/problems/";

	private final BearerTokenAuthenticationEntryPoint bearerChallenge = new BearerTokenAuthenticationEntryPoint();

	private final BearerTokenAccessDeniedHandler bearerDenial = new BearerTokenAccessDeniedHandler();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		bearerChallenge.commence(request, response, ex);
		write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Unauthorized",
				"A staff access token is required: the bearer token is missing, invalid or expired.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		bearerDenial.handle(request, response, ex);
		write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "Forbidden",
				"This API is for procuratorate staff; the access token is not a staff member's.");
	}

	private static void write(HttpServletResponse response, int status, String type, String title, String detail)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(status);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setContentType(PROBLEM_JSON);
		response.getWriter()
			.write("{\"type\":" + JsonText.quote(TYPES + type) + ",\"title\":" + JsonText.quote(title) + ",\"status\":"
					+ status + ",\"detail\":" + JsonText.quote(detail) + "}");
	}
}
