package io.shouhu.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class SmartConfigurationServletTests {

	@Test
	void theEndpointsFollowTheRequestsSchemeHostPortAndContextPath() throws Exception {
		MockHttpServletRequest request = request("https", "shouhu.example.cn", 8443);
		request.setContextPath("/app");

		String body = get(new SmartConfigurationServlet(null, null), request);

		assertThat(body).contains("\"token_endpoint\":\"https://shouhu.example.cn:8443/app/oauth2/token\"",
				"\"jwks_uri\":\"https://shouhu.example.cn:8443/app/oauth2/jwks\"");
	}

	@Test
	void defaultPortsAreLeftOutAsSpringSecurityWritesTheIssuer() {
		assertThat(SmartConfigurationServlet.baseUrl(request("https", "shouhu.example.cn", 443)))
			.isEqualTo("https://shouhu.example.cn");
		assertThat(SmartConfigurationServlet.baseUrl(request("http", "10.0.0.7", 80))).isEqualTo("http://10.0.0.7");
		assertThat(SmartConfigurationServlet.baseUrl(request("http", "::1", 8080))).isEqualTo("http://[::1]:8080");
	}

	@Test
	void aConfiguredTokenEndpointWins() throws Exception {
		String body = get(new SmartConfigurationServlet("https://idp.example.cn/oauth2/token", " "),
				request("http", "localhost", 8080));

		assertThat(body).contains("\"token_endpoint\":\"https://idp.example.cn/oauth2/token\"",
				"\"jwks_uri\":\"http://localhost:8080/oauth2/jwks\"");
	}

	private static String get(SmartConfigurationServlet servlet, MockHttpServletRequest request) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		servlet.service(request, response);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).startsWith("application/json");
		return response.getContentAsString();
	}

	private static MockHttpServletRequest request(String scheme, String host, int port) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", SmartConfigurationServlet.PATH);
		request.setScheme(scheme);
		request.setServerName(host);
		request.setServerPort(port);
		return request;
	}
}
