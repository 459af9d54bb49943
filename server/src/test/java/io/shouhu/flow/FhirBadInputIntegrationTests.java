package io.shouhu.flow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import ca.uhn.fhir.context.FhirContext;
import io.restassured.response.Response;
import io.shouhu.ShouhuIntegrationTest;
import io.shouhu.casework.Triage;
import io.shouhu.identity.DemoTokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input table of the FHIR contract: every malformed, hostile or wrong report gets its
 * documented 4xx with an OperationOutcome, and the store is unchanged after each.
 */
class FhirBadInputIntegrationTests extends ShouhuIntegrationTest {

	static final String JSON = "application/fhir+json";

	static final String XML = "application/fhir+xml";

	@Autowired
	FhirContext fhir;

	@Autowired
	Triage triage;

	String token;

	@BeforeEach
	void hospital01() {
		token = DemoTokens.hospitalToken(baseUrl() + "/oauth2/token", "hospital-01");
	}

	/** One row of the table: what is sent and the status it must get. */
	record Case(String name, String contentType, Function<FhirContext, byte[]> body, int status,
			Function<FhirContext, byte[]> asXml) {

		Case(String name, String contentType, Function<FhirContext, byte[]> body, int status) {
			this(name, contentType, body, status, null);
		}

		@Override
		public String toString() {
			return name + " → " + status;
		}
	}

	static Stream<Arguments> badInput() {
		List<Case> cases = new ArrayList<>();
		// Not FHIR at all
		cases.add(raw("an empty body", JSON, "", 400));
		cases.add(raw("only whitespace", JSON, "   \n ", 400));
		cases.add(raw("plain text", JSON, "hello", 400));
		cases.add(raw("truncated JSON", JSON, "{\"resourceType\": \"Bundle\", \"type\": ", 400));
		cases.add(raw("a JSON array", JSON, "[]", 400));
		cases.add(raw("a JSON object without resourceType", JSON, "{}", 400));
		cases.add(raw("an unknown resource type", JSON, "{\"resourceType\": \"Nonsense\"}", 400));
		cases.add(raw("deeply nested JSON", JSON, "{\"resourceType\":\"Bundle\",\"x\":" + "[".repeat(20_000)
				+ "]".repeat(20_000) + "}", 400));
		cases.add(new Case("invalid UTF-8", JSON, f -> invalidUtf8(), 400));
		cases.add(raw("malformed XML", XML, "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"message\"/>", 400));
		cases.add(raw("an XML external entity", XML, "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "
				+ "\"file:///etc/passwd\">]><Bundle xmlns=\"http://hl7.org/fhir\"><id value=\"&xxe;\"/></Bundle>", 400));
		cases.add(new Case("a wrong content type", "text/plain", f -> DemoReports.json().getBytes(StandardCharsets.UTF_8),
				415));
		// FHIR, but not a report message
		cases.add(raw("a Patient instead of a Bundle", JSON, "{\"resourceType\": \"Patient\"}", 422));
		cases.add(bundle("a Bundle of type collection", b -> b.setType(Bundle.BundleType.COLLECTION), 422));
		cases.add(bundle("a Bundle of type transaction", b -> b.setType(Bundle.BundleType.TRANSACTION), 422));
		cases.add(bundle("no Bundle.identifier", b -> b.setIdentifier(null), 422));
		cases.add(bundle("an identifier without value", b -> b.getIdentifier().setValue(null), 422));
		cases.add(bundle("no entries", b -> b.getEntry().clear(), 422));
		cases.add(bundle("a Flag first instead of the MessageHeader", b -> b.getEntry().add(0, b.getEntry().remove(1)),
				422));
		cases.add(bundle("another event code", b -> header(b).getEventCoding().setCode("admit-notification"), 422));
		cases.add(bundle("the event from another system",
				b -> header(b).getEventCoding().setSystem("http://example.org/events"), 422));
		cases.add(bundle("no focus", b -> header(b).getFocus().clear(), 422));
		cases.add(bundle("a focus outside the Bundle",
				b -> header(b).getFocusFirstRep().setReference("urn:uuid:00000000-0000-0000-0000-000000000000"), 422));
		cases.add(bundle("a focus on the Patient instead of a Flag",
				b -> header(b).getFocusFirstRep().setReference(b.getEntry().get(2).getFullUrl()), 422));
		cases.add(bundle("a Flag without code", b -> flag(b).setCode(null), 422));
		cases.add(bundle("an unknown situation S10", b -> flag(b).getCode().getCodingFirstRep().setCode("S10"), 422));
		cases.add(bundle("a situation from another code system",
				b -> flag(b).getCode().getCodingFirstRep().setSystem("http://example.org/cs"), 422));
		cases.add(bundle("an unknown urgency", b -> flag(b).getExtension().get(0).setValue(
				new org.hl7.fhir.r4.model.CodeType("whenever")), 422));
		cases.add(bundle("a Flag without subject", b -> flag(b).setSubject(null), 422));
		cases.add(bundle("a subject outside the Bundle",
				b -> flag(b).setSubject(new Reference("urn:uuid:00000000-0000-0000-0000-000000000001")), 422));
		cases.add(bundle("an author outside the Bundle",
				b -> flag(b).setAuthor(new Reference("urn:uuid:00000000-0000-0000-0000-000000000002")), 422));
		cases.add(bundle("a child without birth date", b -> patient(b).setBirthDate(null), 422));
		cases.add(bundle("a birth date of year only", b -> patient(b).setBirthDateElement(new DateType("2013")), 422));
		cases.add(raw("an impossible birth date", JSON, DemoReports.json().replace("2013-05-20", "2013-13-45"), 400));
		cases.add(bundle("an adult", b -> patient(b).setBirthDateElement(new DateType("2000-01-01")), 422));
		cases.add(bundle("a birth after the encounter", b -> patient(b).setBirthDateElement(new DateType("2026-11-29")),
				422));
		cases.add(bundle("an encounter in the future", b -> ((org.hl7.fhir.r4.model.Encounter) b.getEntry()
			.get(5)
			.getResource()).getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2099-01-01T10:00:00+08:00")),
				422));
		cases.add(bundle("a source that is not a workstation",
				b -> header(b).getSource().setEndpoint("https://his.example.cn"), 422));
		cases.add(bundle("an unknown workstation", b -> header(b).getSource().setEndpoint("urn:shouhu:workstation:ws-999"),
				422));
		cases.add(bundle("another hospital's workstation",
				b -> header(b).getSource().setEndpoint("urn:shouhu:workstation:ws-013"), 403));
		cases.add(bundle("another hospital's name", b -> organization(b).getIdentifierFirstRep().setValue("hospital-02"),
				403));
		cases.add(bundle("a hospital without the hospital identifier",
				b -> organization(b).getIdentifierFirstRep().setSystem("http://example.org/sid"), 422));
		cases.add(bundle("no sender", b -> header(b).setSender(null), 422));
		cases.add(raw("an invalid gender code", JSON,
				DemoReports.json().replace("\"gender\": \"female\"", "\"gender\": \"girl\""), 400));
		cases.add(bundle("an attachment over 10 MB", b -> b.addEntry()
			.setFullUrl("urn:uuid:7b3c4d5e-6f70-4a81-92a3-b4c5d6e7f810")
			.setResource(new DocumentReference().setStatus(Enumerations.DocumentReferenceStatus.CURRENT)
				.setSubject(new Reference(b.getEntry().get(2).getFullUrl()))
				.addContent(new DocumentReference.DocumentReferenceContentComponent()
					.setAttachment(new org.hl7.fhir.r4.model.Attachment().setContentType("image/jpeg")
						.setData(new byte[10 * 1024 * 1024 + 1])))), 422));
		cases.add(new Case("a body over the 20 MB limit", JSON, f -> oversize(), 413));
		return cases.stream().map(Arguments::of);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badInput")
	void isRefusedWithAnOperationOutcomeAndNothingIsStored(Case bad) {
		long before = triage.received();

		Response response = given().baseUri(baseUrl())
			.auth()
			.oauth2(token)
			.contentType(bad.contentType())
			.accept(JSON)
			.body(bad.body().apply(fhir))
			.post("/fhir/$process-message");

		assertThat(response.statusCode()).as(bad.name()).isEqualTo(bad.status());
		assertThat(response.contentType()).as(bad.name()).startsWith(JSON);
		assertThat(response.jsonPath().getString("resourceType")).as(bad.name()).isEqualTo("OperationOutcome");
		assertThat(response.jsonPath().getString("issue[0].severity")).isIn("error", "fatal");
		assertThat(response.asString()).as("nothing of the file system echoed").doesNotContain("root:");
		assertThat(triage.received()).as("reports stored after " + bad.name()).isEqualTo(before);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badInput")
	void theSameMistakeInXmlGetsTheSameAnswer(Case bad) {
		if (bad.asXml() == null) {
			return; // raw bodies are their own format
		}
		long before = triage.received();
		Response response = given().baseUri(baseUrl())
			.auth()
			.oauth2(token)
			.contentType(XML)
			.accept(XML)
			.body(bad.asXml().apply(fhir))
			.post("/fhir/$process-message");
		assertThat(response.statusCode()).as(bad.name()).isEqualTo(bad.status());
		assertThat(response.asString()).as(bad.name()).contains("OperationOutcome");
		assertThat(triage.received()).isEqualTo(before);
	}

	private static Case raw(String name, String contentType, String body, int status) {
		return new Case(name, contentType, f -> body.getBytes(StandardCharsets.UTF_8), status);
	}

	private static Case bundle(String name, Consumer<Bundle> breakIt, int status) {
		Function<FhirContext, Bundle> broken = f -> {
			Bundle bundle = DemoReports.example(f);
			breakIt.accept(bundle);
			return bundle;
		};
		return new Case(name, JSON,
				f -> f.newJsonParser().encodeResourceToString(broken.apply(f)).getBytes(StandardCharsets.UTF_8), status,
				f -> f.newXmlParser().encodeResourceToString(broken.apply(f)).getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] invalidUtf8() {
		byte[] json = DemoReports.json().replace("示例小雨", "XX").getBytes(StandardCharsets.UTF_8);
		int at = new String(json, StandardCharsets.ISO_8859_1).indexOf("XX");
		json[at] = (byte) 0xC3;
		json[at + 1] = (byte) 0x28;
		return json;
	}

	private static byte[] oversize() {
		String padding = "x".repeat(21 * 1024 * 1024);
		return DemoReports.json()
			.replaceFirst("\"type\": \"message\"", "\"type\": \"message\", \"language\": \"" + padding + "\"")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static MessageHeader header(Bundle bundle) {
		return (MessageHeader) bundle.getEntry().get(0).getResource();
	}

	private static Flag flag(Bundle bundle) {
		return (Flag) bundle.getEntry().get(1).getResource();
	}

	private static Patient patient(Bundle bundle) {
		return (Patient) bundle.getEntry().get(2).getResource();
	}

	private static Organization organization(Bundle bundle) {
		return (Organization) bundle.getEntry().get(4).getResource();
	}

}
