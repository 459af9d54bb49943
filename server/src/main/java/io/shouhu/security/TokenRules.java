package io.shouhu.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.shouhu.identity.ShouhuClaims;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.util.StringUtils;

/**
 * Who may call what, by the claims of the bearer token: hospitals are recognised by the
 * {@code hospital} claim, members of staff by {@code jurisdiction}.
 */
final class TokenRules {

	private TokenRules() {
	}

	/** A hospital's token holding every one of these scopes. */
	static AuthorizationManager<RequestAuthorizationContext> hospital(String... scopes) {
		return rule(jwt -> hasText(jwt, ShouhuClaims.HOSPITAL), scopes);
	}

	/** A member of staff's token. */
	static AuthorizationManager<RequestAuthorizationContext> staff() {
		return rule(jwt -> hasText(jwt, ShouhuClaims.JURISDICTION));
	}

	static boolean isHospital(Authentication authentication) {
		return authentication instanceof JwtAuthenticationToken token && hasText(token.getToken(), ShouhuClaims.HOSPITAL);
	}

	/**
	 * Authorities: {@code SCOPE_<scope>} for each scope (Spring's default) and {@code ROLE_<code>} for
	 * each role in {@code roles}, e.g. {@code ROLE_intake}. The principal is the {@link Jwt}.
	 */
	static JwtAuthenticationConverter authenticationConverter() {
		JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
		Converter<Jwt, Collection<GrantedAuthority>> authorities = jwt -> {
			List<GrantedAuthority> all = new ArrayList<>(scopes.convert(jwt));
			List<String> roles = jwt.hasClaim(ShouhuClaims.ROLES) ? jwt.getClaimAsStringList(ShouhuClaims.ROLES) : null;
			if (roles != null) {
				roles.stream()
					.filter(StringUtils::hasText)
					.map(role -> new SimpleGrantedAuthority("ROLE_" + role))
					.forEach(all::add);
			}
			return all;
		};
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

	private static AuthorizationManager<RequestAuthorizationContext> rule(Predicate<Jwt> caller, String... scopes) {
		return (Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) -> {
			Authentication current = authentication.get();
			boolean granted = current instanceof JwtAuthenticationToken token && current.isAuthenticated()
					&& caller.test(token.getToken()) && hasScopes(token, scopes);
			return new AuthorizationDecision(granted);
		};
	}

	private static boolean hasScopes(JwtAuthenticationToken token, String... scopes) {
		for (String scope : scopes) {
			String authority = "SCOPE_" + scope;
			if (token.getAuthorities().stream().noneMatch(granted -> authority.equals(granted.getAuthority()))) {
				return false;
			}
		}
		return true;
	}

	private static boolean hasText(Jwt jwt, String claim) {
		Object value = jwt.getClaims().get(claim);
		return value instanceof String text && StringUtils.hasText(text);
	}
}
