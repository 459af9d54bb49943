package io.shouhu.security;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.shouhu.identity.ConditionalOnDemo;
import io.shouhu.identity.DemoAuthorizationServer;
import io.shouhu.identity.HospitalScopes;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The filter chains, first match wins: the demo identity provider's endpoints; {@code /fhir}
 * (hospital tokens, FHIR errors); {@code /api} (staff tokens, problem details); {@code /cds-services}
 * (hospital tokens, problem details); the app API's OpenAPI
 * description and UI (public); everything else (the demo sign-in page, health). The APIs are
 * stateless; only the sign-in keeps a session, which the authorization endpoint shares to finish the
 * authorization-code flow.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final List<String> SUPPORTED_SCOPES = Stream
		.concat(HospitalScopes.ALL.stream(), Stream.of(OidcScopes.OPENID, OidcScopes.PROFILE))
		.toList();

	static final int AUTHORIZATION_SERVER = 1;

	static final int FHIR = 2;

	static final int API = 3;

	static final int PROTECTED_RESOURCE_METADATA = 4;

	static final int API_DOCS = 5;

	static final int CDS_HOOKS = 6;

	static final String ISSUER_URI = ProductionIdentityCheck.ISSUER_URI;

	@Bean
	@Order(AUTHORIZATION_SERVER)
	@ConditionalOnDemo
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, DemoAuthorizationServer demo,
			JwtAuthenticationConverter tokens) throws Exception {
		http.oauth2AuthorizationServer(server -> {
			http.securityMatcher(server.getEndpointsMatcher());
			demo.applyTo(server);
		})
			.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
			// OpenID Connect's userinfo endpoint takes the access token
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.jwtAuthenticationConverter(tokens)))
			// a browser goes to the sign-in page; anything else gets a bearer challenge
			.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	@Bean
	@Order(FHIR)
	SecurityFilterChain fhirFilterChain(HttpSecurity http, JwtAuthenticationConverter tokens) throws Exception {
		FhirSecurityErrors errors = new FhirSecurityErrors();
		http.securityMatcher("/fhir/**")
			.authorizeHttpRequests(authorize -> authorize
				.requestMatchers(HttpMethod.GET, "/fhir/metadata", "/fhir/.well-known/smart-configuration",
						// the published implementation guide: read by integration engineers and validators
						"/fhir/StructureDefinition/**", "/fhir/CodeSystem/**", "/fhir/ValueSet/**",
						"/fhir/OperationDefinition/**")
				.permitAll()
				// searching by POST is reading, not sending
				.requestMatchers(HttpMethod.POST, "/fhir/Task/_search")
				.access(TokenRules.hospital(HospitalScopes.TASK_READ))
				.requestMatchers(HttpMethod.POST, "/fhir/**")
				.access(TokenRules.hospital(HospitalScopes.BUNDLE_CREATE))
				.requestMatchers(HttpMethod.GET, "/fhir/Task/**")
				.access(TokenRules.hospital(HospitalScopes.TASK_READ))
				.anyRequest()
				.access(TokenRules.hospital()));
		stateless(http, tokens, errors, errors);
		return http.build();
	}

	@Bean
	@Order(API)
	SecurityFilterChain apiFilterChain(HttpSecurity http, JwtAuthenticationConverter tokens) throws Exception {
		ProblemSecurityErrors errors = new ProblemSecurityErrors();
		http.securityMatcher("/api/**").authorizeHttpRequests(authorize -> authorize.anyRequest().access(TokenRules.staff()));
		stateless(http, tokens, errors, errors);
		return http.build();
	}

	/**
	 * CDS Hooks: the discovery document is public, as {@code /fhir/metadata} is; a hook call is a
	 * hospital's, with the token and scope of an assessment on {@code /fhir}. Errors are problem details.
	 */
	@Bean
	@Order(CDS_HOOKS)
	SecurityFilterChain cdsHooksFilterChain(HttpSecurity http, JwtAuthenticationConverter tokens) throws Exception {
		ProblemSecurityErrors errors = new ProblemSecurityErrors();
		http.securityMatcher("/cds-services", "/cds-services/**")
			.authorizeHttpRequests(authorize -> authorize.requestMatchers(HttpMethod.GET, "/cds-services")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/cds-services/*")
				.access(TokenRules.hospital(HospitalScopes.BUNDLE_CREATE))
				.anyRequest()
				.denyAll());
		stateless(http, tokens, errors, errors);
		return http.build();
	}

	/**
	 * RFC 9728 metadata, which every bearer challenge points to ({@code resource_metadata}): where to
	 * get tokens for this server. In demo mode that is this server itself, under whatever host the
	 * caller used.
	 */
	@Bean
	@Order(PROTECTED_RESOURCE_METADATA)
	SecurityFilterChain protectedResourceMetadataFilterChain(HttpSecurity http, JwtAuthenticationConverter tokens,
			ObjectProvider<DemoAuthorizationServer> demo, Environment environment) throws Exception {
		String externalIssuer = demo.getIfAvailable() == null ? environment.getProperty(ISSUER_URI) : null;
		http.securityMatcher("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/**")
			.authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.jwtAuthenticationConverter(tokens))
				.protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(resource -> resource
					.resourceName("Shouhu")
					.tlsClientCertificateBoundAccessTokens(false)
					.scopes(scopes -> scopes.addAll(SUPPORTED_SCOPES))
					.claims(claims -> authorizationServer(externalIssuer, claims.get("resource"))
						.ifPresent(server -> claims.put("authorization_servers", List.of(server)))))))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

	/**
	 * The app API's OpenAPI description and its browsable UI: public, read-only, no session. A
	 * description of the API is not secret; every call it describes still needs a staff token.
	 */
	@Bean
	@Order(API_DOCS)
	SecurityFilterChain apiDocsFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
				"/swagger-ui/**")
			.authorizeHttpRequests(authorize -> authorize.requestMatchers(HttpMethod.GET, "/**")
				.permitAll()
				.anyRequest()
				.denyAll())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	@ConditionalOnDemo
	SecurityFilterChain defaultFilterChainWithSignIn(HttpSecurity http) throws Exception {
		rest(http).formLogin(login -> login.permitAll());
		return http.build();
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	@ConditionalOnDemo(false)
	SecurityFilterChain defaultFilterChain(HttpSecurity http) throws Exception {
		return rest(http).build();
	}

	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter() {
		return TokenRules.authenticationConverter();
	}

	/**
	 * In demo mode tokens are checked against the embedded provider's own keys, without an HTTP call
	 * and without an issuer check (the issuer is whatever host the caller used). Otherwise Boot builds
	 * the decoder from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}.
	 */
	@Bean
	@ConditionalOnDemo
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
		return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
	}

	private static Optional<String> authorizationServer(String externalIssuer, Object resource) {
		if (StringUtils.hasText(externalIssuer)) {
			return Optional.of(externalIssuer);
		}
		if (resource instanceof String url && StringUtils.hasText(url)) {
			UriComponents uri = UriComponentsBuilder.fromUriString(url).build();
			return Optional.of(UriComponentsBuilder.newInstance()
				.scheme(uri.getScheme())
				.host(uri.getHost())
				.port(uri.getPort())
				.build()
				.toUriString());
		}
		return Optional.empty();
	}

	private static void stateless(HttpSecurity http, JwtAuthenticationConverter tokens,
			AuthenticationEntryPoint entryPoint, AccessDeniedHandler deniedHandler) throws Exception {
		http.oauth2ResourceServer(resourceServer -> resourceServer
			.jwt(jwt -> jwt.jwtAuthenticationConverter(tokens))
			.authenticationEntryPoint(entryPoint)
			.accessDeniedHandler(deniedHandler))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.csrf(AbstractHttpConfigurer::disable);
	}

	private static HttpSecurity rest(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests(authorize -> authorize.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers("/error", "/actuator/health", "/actuator/health/**")
			.permitAll()
			.anyRequest()
			.authenticated());
	}
}
