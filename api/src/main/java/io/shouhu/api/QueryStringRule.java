package io.shouhu.api;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A query string under {@code /api} must decode: the servlet container throws on a stray {@code %}
 * while reading parameters, which would reach the caller as a 500. Answered here as a 400 problem.
 */
@Component
class QueryStringRule extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/api/") && !request.getRequestURI().equals("/api");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String query = request.getQueryString();
		if (query != null) {
			try {
				URLDecoder.decode(query, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException malformed) {
				response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
				response.setContentType("application/problem+json");
				response.setCharacterEncoding("UTF-8");
				response.getWriter()
					.write("{\"type\":\"" + ApiProblems.BASE + "malformed-request\",\"title\":\"Malformed request\","
							+ "\"status\":400,\"detail\":\"The query string is not valid percent-encoding (a % must be "
							+ "followed by two hex digits).\"}");
				return;
			}
		}
		chain.doFilter(request, response);
	}
}
