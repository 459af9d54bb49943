package io.shouhu.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.casework.JurisdictionId;
import io.shouhu.casework.ReferenceData;
import io.shouhu.casework.Role;
import io.shouhu.casework.StaffMember;
import io.shouhu.casework.UserId;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoOperations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The demo identity provider and the filter chains, over HTTP: SMART Backend Services tokens for
 * hospitals (client assertion without {@code client_id}, replay and lifetime checks), the app's
 * authorization-code flow with PKCE, the token claims, and who gets 401 or 403 where.
 */
class IdentityIntegrationTests extends ShouhuIntegrationTest {

	@Autowired
	MongoOperations mongo;

	@Autowired
	ReferenceData referenceData;

	@Autowired
	ClientAssertionJtis jtis;

	private String tokenEndpoint() {
		return baseUrl() + "/oauth2/token";
	}

	@Test
	void aHospitalGetsATokenWithAClientAssertionAndNoClientId() throws Exception {
		String assertion = DemoTokens.clientAssertion(tokenEndpoint(), "hospital-01");

		Response response = DemoTokens.requestHospitalToken(tokenEndpoint(), assertion, "system/Bundle.c system/Task.rs",
				false);

		response.then().statusCode(200).body("token_type", equalTo("Bearer"));
		assertThat(response.jsonPath().getString("scope").split(" ")).containsExactlyInAnyOrder("system/Bundle.c",
				"system/Task.rs");
		JWTClaimsSet claims = DemoTokens.claims(response.jsonPath().getString("access_token"));
		assertThat(claims.getSubject()).isEqualTo("hospital-01");
		assertThat(claims.getStringClaim(ShouhuClaims.HOSPITAL)).isEqualTo("hospital-01");
		assertThat(claims.getStringListClaim("scope")).containsExactlyInAnyOrder("system/Bundle.c", "system/Task.rs");
		assertThat(claims.getClaim(ShouhuClaims.JURISDICTION)).isNull();
		assertThat(claims.getIssuer()).isEqualTo(baseUrl());
	}

	@Test
	void aTokenRequestWithoutScopeIsGrantedTheRegisteredScopes() throws Exception {
		String token = DemoTokens.hospitalToken(baseUrl(), "hospital-12");

		assertThat(DemoTokens.claims(token).getStringListClaim("scope"))
			.containsExactlyInAnyOrderElementsOf(HospitalScopes.ALL);
		assertThat(DemoTokens.claims(token).getStringClaim(ShouhuClaims.HOSPITAL)).isEqualTo("hospital-12");
		Response response = DemoTokens.requestHospitalToken(tokenEndpoint(),
				DemoTokens.clientAssertion(tokenEndpoint(), "hospital-02"), null, false);
		response.then().statusCode(200);
		assertThat(response.jsonPath().getString("scope").split(" ")).containsExactlyInAnyOrder("system/Bundle.c",
				"system/Task.rs");
	}

	@Test
	void aTokenRequestForFewerScopesGetsOnlyThose() throws Exception {
		String token = DemoTokens.hospitalToken(tokenEndpoint(), "hospital-03", "system/Task.rs");

		assertThat(DemoTokens.claims(token).getStringListClaim("scope")).containsExactly("system/Task.rs");
	}

	@Test
	void aScopeTheHospitalDoesNotHoldIsRefused() {
		DemoTokens.requestHospitalToken(tokenEndpoint(), DemoTokens.clientAssertion(tokenEndpoint(), "hospital-03"),
				"system/Patient.rs", false)
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_scope"));
	}

	@Test
	void aClientThatAlsoSendsItsClientIdGetsAToken() throws Exception {
		Response response = DemoTokens.requestHospitalToken(tokenEndpoint(),
				DemoTokens.clientAssertion(tokenEndpoint(), "hospital-04"), null, true);

		response.then().statusCode(200);
		assertThat(DemoTokens.claims(response.jsonPath().getString("access_token")).getStringClaim(ShouhuClaims.HOSPITAL))
			.isEqualTo("hospital-04");
	}

	@Test
	void theIssuerIsAcceptedAsAudienceToo() {
		String assertion = DemoTokens.clientAssertion(tokenEndpoint(), "hospital-05", "hospital-05",
				claims -> claims.audience(baseUrl()));

		DemoTokens.requestHospitalToken(tokenEndpoint(), assertion, null, false).then().statusCode(200);
	}

	@Test
	void aReplayedAssertionIsRefused() {
		String assertion = DemoTokens.clientAssertion(tokenEndpoint(), "hospital-06");
		DemoTokens.requestHospitalToken(tokenEndpoint(), assertion, null, false).then().statusCode(200);

		DemoTokens.requestHospitalToken(tokenEndpoint(), assertion, null, false)
			.then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"));
		// with client_id the same assertion is still the same use
		DemoTokens.requestHospitalToken(tokenEndpoint(), assertion, null, true)
			.then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"));
	}

	@Test
	void theUseOfAnAssertionIsRecordedInTheSharedStore() {
		String jti = UUID.randomUUID().toString();
		String assertion = DemoTokens.clientAssertion(tokenEndpoint(), "hospital-07", "hospital-07",
				claims -> claims.jwtID(jti));

		DemoTokens.requestHospitalToken(tokenEndpoint(), assertion, null, false).then().statusCode(200);

		Document use = mongo.findById("hospital-07|" + jti, Document.class, ClientAssertionJtis.COLLECTION);
		assertThat(use).isNotNull();
		assertThat(use.get("expiresAt")).isInstanceOf(Date.class);
		assertThat(use.getDate("expiresAt").toInstant()).isAfter(Instant.now());
	}

	@Test
	void anAssertionSignedWithAnotherHospitalsKeyIsRefused() {
		String otherKeyAndKid = DemoTokens.clientAssertion(tokenEndpoint(), "hospital-01", "hospital-02", claims -> {
		});
		DemoTokens.requestHospitalToken(tokenEndpoint(), otherKeyAndKid, null, false)
			.then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"));

		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("hospital-01")
			.subject("hospital-01")
			.audience(tokenEndpoint())
			.jwtID(UUID.randomUUID().toString())
			.expirationTime(Date.from(now.plusSeconds(120)))
			.build();
		String otherKeyOwnKid = DemoTokens.sign(DemoTokens.privateKey("hospital-02"), "hospital-01", claims);
		DemoTokens.requestHospitalToken(tokenEndpoint(), otherKeyOwnKid, null, false)
			.then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"));
	}

	@Test
	void anAssertionLivingLongerThanFiveMinutesIsRefused() {
		String assertion = DemoTokens.clientAssertion(tokenEndpoint(), "hospital-08", "hospital-08",
				claims -> claims.expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))));

		DemoTokens.requestHospitalToken(tokenEndpoint(), assertion, null, false)
			.then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"));
	}

	@Test
	void anAssertionWithoutJtiOrExpIsRefused() {
		DemoTokens.requestHospitalToken(tokenEndpoint(),
				DemoTokens.clientAssertion(tokenEndpoint(), "hospital-09", "hospital-09", claims -> claims.jwtID(null)),
				null, false)
			.then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"));
		DemoTokens.requestHospitalToken(tokenEndpoint(), DemoTokens.clientAssertion(tokenEndpoint(), "hospital-09",
				"hospital-09", claims -> claims.expirationTime(null)), null, false)
			.then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"));
	}

	@Test
	void aRefusedAssertionUsesUpNothing() {
		String jti = UUID.randomUUID().toString();
		String tooLong = DemoTokens.clientAssertion(tokenEndpoint(), "hospital-10", "hospital-10",
				claims -> claims.jwtID(jti).expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))));
		String wrongAudience = DemoTokens.clientAssertion(tokenEndpoint(), "hospital-10", "hospital-10",
				claims -> claims.jwtID(jti).audience("https://elsewhere.example/token"));
		DemoTokens.requestHospitalToken(tokenEndpoint(), tooLong, null, false).then().statusCode(401);
		DemoTokens.requestHospitalToken(tokenEndpoint(), wrongAudience, null, false).then().statusCode(401);

		String valid = DemoTokens.clientAssertion(tokenEndpoint(), "hospital-10", "hospital-10", claims -> claims.jwtID(jti));
		DemoTokens.requestHospitalToken(tokenEndpoint(), valid, null, false).then().statusCode(200);
	}

	@Test
	void expiredAssertionIdsArePurged() {
		String id = "hospital-11|" + UUID.randomUUID();
		mongo.insert(new Document("_id", id).append("clientId", "hospital-11")
			.append("expiresAt", Date.from(Instant.now().minus(Duration.ofMinutes(5)))), ClientAssertionJtis.COLLECTION);
		String recent = DemoTokens.clientAssertion(tokenEndpoint(), "hospital-11");
		DemoTokens.requestHospitalToken(tokenEndpoint(), recent, null, false).then().statusCode(200);

		assertThat(jtis.purgeExpired()).isPositive();

		assertThat(mongo.findById(id, Document.class, ClientAssertionJtis.COLLECTION)).isNull();
		DemoTokens.requestHospitalToken(tokenEndpoint(), recent, null, false).then().statusCode(401);
	}

	@Test
	void theIntakeProsecutorSignsInWithTheAuthorizationCodeFlowAndPkce() throws Exception {
		Map<String, Object> tokens = DemoTokens.userTokenResponse(baseUrl(), "intake");

		JWTClaimsSet claims = DemoTokens.claims(String.valueOf(tokens.get("access_token")));
		assertThat(claims.getSubject()).isEqualTo("intake");
		assertThat(claims.getStringClaim(ShouhuClaims.JURISDICTION)).isEqualTo("longwan");
		assertThat(claims.getStringListClaim(ShouhuClaims.ROLES)).containsExactly("intake");
		assertThat(claims.getClaim(ShouhuClaims.HOSPITAL)).isNull();
		assertThat(claims.getStringListClaim("scope")).containsExactlyInAnyOrder("openid", "profile");
		assertThat(tokens).containsKeys("refresh_token", "id_token");
		assertThat(DemoTokens.claims(String.valueOf(tokens.get("id_token"))).getClaim(ShouhuClaims.JURISDICTION))
			.isNull();
		given().auth()
			.oauth2(String.valueOf(tokens.get("access_token")))
			.get(baseUrl() + "/userinfo")
			.then()
			.statusCode(200)
			.body("sub", equalTo("intake"));
	}

	@Test
	void theProsecutorOfAnotherJurisdictionGetsThatJurisdiction() throws Exception {
		JWTClaimsSet claims = DemoTokens.claims(DemoTokens.userToken(baseUrl(), "prosecutor-b"));

		assertThat(claims.getStringClaim(ShouhuClaims.JURISDICTION)).isEqualTo("ouhai");
		assertThat(claims.getStringListClaim(ShouhuClaims.ROLES)).containsExactly("prosecutor");
	}

	@Test
	void theAppRefreshesItsTokensAndEachRefreshTokenWorksOnce() throws Exception {
		Map<String, Object> tokens = DemoTokens.userTokenResponse(baseUrl(), "supervisor");
		String refreshToken = String.valueOf(tokens.get("refresh_token"));

		Response refreshed = DemoTokens.refresh(baseUrl(), refreshToken);

		refreshed.then().statusCode(200);
		JWTClaimsSet claims = DemoTokens.claims(refreshed.jsonPath().getString("access_token"));
		assertThat(claims.getSubject()).isEqualTo("supervisor");
		assertThat(claims.getStringClaim(ShouhuClaims.JURISDICTION)).isEqualTo("longwan");
		assertThat(claims.getStringListClaim(ShouhuClaims.ROLES)).containsExactly("supervisor");
		assertThat(refreshed.jsonPath().getString("refresh_token")).isNotBlank().isNotEqualTo(refreshToken);
		DemoTokens.refresh(baseUrl(), refreshToken).then().statusCode(400).body("error", equalTo("invalid_grant"));
	}

	@Test
	void aWrongPasswordDoesNotSignIn() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoTokens.userTokenResponse(baseUrl(), "intake", "wrong"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("sign-in of intake");
	}

	@Test
	void aNonBrowserAuthorizationRequestGetsAChallengeNotTheSignInPage() {
		given().redirects()
			.follow(false)
			.accept(ContentType.JSON)
			.queryParam("response_type", "code")
			.queryParam("client_id", DemoTokens.APP_CLIENT)
			.queryParam("redirect_uri", DemoTokens.APP_REDIRECT_URI)
			.queryParam("scope", "openid")
			.queryParam("code_challenge", DemoTokens.codeChallenge("x".repeat(43)))
			.queryParam("code_challenge_method", "S256")
			.get(baseUrl() + "/oauth2/authorize")
			.then()
			.statusCode(401);
	}

	@Test
	void theAppMustUsePkce() {
		given().redirects()
			.follow(false)
			.accept(ContentType.HTML)
			.queryParam("response_type", "code")
			.queryParam("client_id", DemoTokens.APP_CLIENT)
			.queryParam("redirect_uri", DemoTokens.APP_REDIRECT_URI)
			.queryParam("scope", "openid")
			.get(baseUrl() + "/oauth2/authorize")
			.then()
			.statusCode(302)
			.header("Location", startsWith(DemoTokens.APP_REDIRECT_URI))
			.header("Location", containsString("error=invalid_request"));
	}

	@Test
	void theDemoAccountsAreStaffMembers() {
		assertThat(referenceData.staffMember(new UserId("intake"))).contains(
				new StaffMember(new UserId("intake"), new JurisdictionId("longwan"), java.util.Set.of(Role.INTAKE)));
		assertThat(referenceData.staffMember(new UserId("prosecutor-b")).map(StaffMember::jurisdiction))
			.contains(new JurisdictionId("ouhai"));
		assertThat(referenceData.staffWithRole(new JurisdictionId("longwan"), Role.SOCIAL_WORKER))
			.extracting(StaffMember::id)
			.contains(new UserId("social-worker"));
	}

	@Test
	void discoveryNamesTheHostTheCallerUsed() {
		given().get(baseUrl() + "/.well-known/openid-configuration")
			.then()
			.statusCode(200)
			.body("issuer", equalTo(baseUrl()))
			.body("token_endpoint", equalTo(baseUrl() + "/oauth2/token"));
		String viaLoopback = "http://127.0.0.1:" + port;
		given().get(viaLoopback + "/.well-known/openid-configuration")
			.then()
			.statusCode(200)
			.body("issuer", equalTo(viaLoopback));
		given().get(baseUrl() + "/oauth2/jwks").then().statusCode(200).body("keys.size()", equalTo(1));
	}

	@Test
	void theBearerChallengePointsToMetadataThatNamesThisServer() {
		String challenge = given().get(baseUrl() + "/api/triage").then().statusCode(401).extract().header("WWW-Authenticate");
		assertThat(challenge).contains("resource_metadata=\"" + baseUrl() + "/.well-known/oauth-protected-resource\"");

		given().get(baseUrl() + "/.well-known/oauth-protected-resource")
			.then()
			.statusCode(200)
			.body("resource", equalTo(baseUrl()))
			.body("authorization_servers", org.hamcrest.Matchers.contains(baseUrl()))
			.body("scopes_supported", org.hamcrest.Matchers.hasItems("system/Bundle.c", "system/Task.rs", "openid"));
	}

	@Test
	void fhirWithoutTokenIsA401OperationOutcome() {
		given().contentType("application/fhir+json")
			.body("{\"resourceType\":\"Bundle\"}")
			.post(baseUrl() + "/fhir/$process-message")
			.then()
			.statusCode(401)
			.contentType(startsWith("application/fhir+json"))
			.header("WWW-Authenticate", startsWith("Bearer"))
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].severity", equalTo("error"))
			.body("issue[0].code", equalTo("login"));
		given().auth()
			.oauth2("not-a-token")
			.get(baseUrl() + "/fhir/Task/123")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", containsString("invalid_token"))
			.body("resourceType", equalTo("OperationOutcome"));
	}

	@Test
	void fhirWithAUserTokenIsA403OperationOutcome() {
		String user = DemoTokens.userToken(baseUrl(), "prosecutor");

		given().auth()
			.oauth2(user)
			.contentType("application/fhir+json")
			.body("{\"resourceType\":\"Bundle\"}")
			.post(baseUrl() + "/fhir/$process-message")
			.then()
			.statusCode(403)
			.contentType(startsWith("application/fhir+json"))
			.body("resourceType", equalTo("OperationOutcome"))
			.body("issue[0].code", equalTo("forbidden"));
		given().auth().oauth2(user).get(baseUrl() + "/fhir/Task/123").then().statusCode(403);
	}

	@Test
	void fhirChecksTheScopeOfEachRequest() {
		String readOnly = DemoTokens.hospitalToken(tokenEndpoint(), "hospital-03", "system/Task.rs");

		given().auth()
			.oauth2(readOnly)
			.contentType("application/fhir+json")
			.body("{\"resourceType\":\"Bundle\"}")
			.post(baseUrl() + "/fhir/$process-message")
			.then()
			.statusCode(403)
			.header("WWW-Authenticate", containsString("insufficient_scope"))
			.body("resourceType", equalTo("OperationOutcome"));
		String sendOnly = DemoTokens.hospitalToken(tokenEndpoint(), "hospital-03", "system/Bundle.c");
		given().auth().oauth2(sendOnly).get(baseUrl() + "/fhir/Task/123").then().statusCode(403);
		given().auth().oauth2(sendOnly).get(baseUrl() + "/fhir/Task?status=received").then().statusCode(403);
		// Let through: an unknown Task is 404, a search the server does not offer is 400.
		given().auth().oauth2(readOnly).get(baseUrl() + "/fhir/Task/123").then().statusCode(404);
		given().auth().oauth2(readOnly).get(baseUrl() + "/fhir/Task?status=received").then().statusCode(400);
	}

	@Test
	void fhirDiscoveryIsOpen() {
		given().get(baseUrl() + "/fhir/metadata").then().statusCode(200);
		given().get(baseUrl() + "/fhir/.well-known/smart-configuration").then().statusCode(200);
	}

	@Test
	void apiWithoutTokenIsA401Problem() {
		given().get(baseUrl() + "/api/triage")
			.then()
			.statusCode(401)
			.contentType(startsWith("application/problem+json"))
			.header("WWW-Authenticate", startsWith("Bearer"))
			.body("type", equalTo("https://shouhu.io/problems/unauthorized"))
			.body("title", equalTo("Unauthorized"))
			.body("status", equalTo(401))
			.body("detail", org.hamcrest.Matchers.notNullValue());
	}

	@Test
	void apiWithAHospitalTokenIsA403Problem() {
		String hospital = DemoTokens.hospitalToken(baseUrl(), "hospital-01");

		given().auth()
			.oauth2(hospital)
			.get(baseUrl() + "/api/triage")
			.then()
			.statusCode(403)
			.contentType(startsWith("application/problem+json"))
			.body("type", equalTo("https://shouhu.io/problems/forbidden"))
			.body("status", equalTo(403));
	}

	@Test
	void anIdTokenIsNoAccessToken() {
		Map<String, Object> tokens = DemoTokens.userTokenResponse(baseUrl(), "intake");

		given().auth().oauth2(String.valueOf(tokens.get("id_token"))).get(baseUrl() + "/api/triage").then().statusCode(403);
	}

	@Test
	void apiWithAStaffTokenIsLetThrough() {
		String intake = DemoTokens.userToken(baseUrl(), "intake");

		given().auth().oauth2(intake).get(baseUrl() + "/api/triage").then().statusCode(200);
	}

	@Test
	void everyHospitalHasAKey() {
		for (int n = 1; n <= 12; n++) {
			String hospital = String.format("hospital-%02d", n);
			assertThat(DemoTokens.claims(DemoTokens.hospitalToken(baseUrl(), hospital)).getClaim(ShouhuClaims.HOSPITAL))
				.isEqualTo(hospital);
		}
	}
}
