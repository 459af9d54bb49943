package io.shouhu.identity;

import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;

/** The body parameters of a token request, read the way Spring's own converters read them. */
final class FormParameters {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

	private FormParameters() {
	}

	/** The parameters that are not in the query string (credentials belong in the body). */
	static MultiValueMap<String, String> of(HttpServletRequest request) {
		String query = StringUtils.hasText(request.getQueryString()) ? request.getQueryString() : "";
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!query.contains(name)) {
				for (String value : values) {
					parameters.add(name, value);
				}
			}
		});
		return parameters;
	}

	/** The one value of a parameter, {@code null} if absent; {@code invalid_request} if repeated. */
	static String single(MultiValueMap<String, String> parameters, String name) {
		var values = parameters.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() != 1) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "OAuth 2.0 Parameter: " + name, ERROR_URI));
		}
		return values.get(0);
	}

	/** The parameters other than the given ones, as Spring's additional parameters. */
	static Map<String, Object> without(MultiValueMap<String, String> parameters, String... names) {
		Map<String, Object> additional = new HashMap<>();
		parameters.forEach((name, values) -> {
			for (String excluded : names) {
				if (excluded.equals(name)) {
					return;
				}
			}
			additional.put(name, values.size() == 1 ? values.get(0) : values.toArray(new String[0]));
		});
		return additional;
	}
}
