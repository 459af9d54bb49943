package io.shouhu.api;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The app API's OpenAPI 3.1 description at {@code /v3/api-docs} (browsable at
 * {@code /swagger-ui.html}), generated from the controllers. Only {@code /api/**} is described
 * ({@code springdoc.paths-to-match}): FHIR has its own CapabilityStatement and implementation guide,
 * and the authorization server is standard OAuth 2.0 / OpenID Connect.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	static final String BEARER = "bearer";

	@Bean
	OpenAPI shouhuOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Shouhu app API")
				.version("v1")
				.description("The REST API of the Shouhu mobile app for procuratorate staff: triage, cases, tasks. "
						+ "Guide: docs/api/README.md; error types: docs/api/problems.md. Every call needs a staff "
						+ "member's bearer token (authorization code with PKCE, see docs/demo.md). Changes need "
						+ "If-Match with the ETag that was read."))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.security(List.of(new SecurityRequirement().addList(BEARER)));
	}
}
