package io.shouhu.fhir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /fhir/.well-known/smart-configuration}: SMART Backend Services discovery. A servlet of
 * its own because HAPI would take {@code .well-known} for a resource type.
 * <p>
 * The endpoints are built from the request's own scheme, host, port and context path, the way
 * Spring Authorization Server derives its issuer, so the token endpoint a hospital discovers is the
 * one the server checks client assertions' {@code aud} against. Set
 * {@code shouhu.fhir.smart.token-endpoint} (and {@code shouhu.fhir.smart.jwks-uri}) when an external
 * authorization server issues the tokens.
 */
final class SmartConfigurationServlet extends HttpServlet {

	static final String PATH = "/fhir/.well-known/smart-configuration";

	private final String tokenEndpoint;

	private final String jwksUri;

	/** @param tokenEndpoint fixed token endpoint, or blank to derive it; likewise {@code jwksUri} */
	SmartConfigurationServlet(String tokenEndpoint, String jwksUri) {
		this.tokenEndpoint = blankToNull(tokenEndpoint);
		this.jwksUri = blankToNull(jwksUri);
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String base = baseUrl(request);
		Map<String, Object> configuration = new java.util.LinkedHashMap<>();
		configuration.put("token_endpoint", tokenEndpoint != null ? tokenEndpoint : base + "/oauth2/token");
		configuration.put("jwks_uri", jwksUri != null ? jwksUri : base + "/oauth2/jwks");
		configuration.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
		configuration.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
		configuration.put("grant_types_supported", List.of("client_credentials"));
		configuration.put("scopes_supported", List.of("system/Bundle.c", "system/Task.rs"));
		configuration.put("capabilities", List.of("client-confidential-asymmetric"));
		byte[] body = json(configuration).getBytes(StandardCharsets.UTF_8);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		// The document depends on the Host the request came in on: shared caches must not mix hosts.
		response.setHeader("Vary", "Host");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * {@code scheme://host[:port][contextPath]} of the request, default ports left out, as Spring
	 * Security's {@code UrlUtils.buildFullRequestUrl} writes it.
	 */
	static String baseUrl(HttpServletRequest request) {
		String scheme = request.getScheme().toLowerCase(java.util.Locale.ROOT);
		String host = request.getServerName();
		if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
			host = "[" + host + "]";
		}
		int port = request.getServerPort();
		boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80)
				|| ("https".equals(scheme) && port == 443);
		return scheme + "://" + host + (defaultPort ? "" : ":" + port) + request.getContextPath();
	}

	/** A flat object of strings and lists of strings: not worth a JSON library choice between Jackson 2 and 3. */
	private static String json(Map<String, Object> object) {
		StringBuilder json = new StringBuilder("{");
		object.forEach((name, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			string(json, name).append(':');
			if (value instanceof List<?> list) {
				json.append('[');
				for (int i = 0; i < list.size(); i++) {
					if (i > 0) {
						json.append(',');
					}
					string(json, list.get(i).toString());
				}
				json.append(']');
			}
			else {
				string(json, value.toString());
			}
		});
		return json.append('}').toString();
	}

	private static StringBuilder string(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"');
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
