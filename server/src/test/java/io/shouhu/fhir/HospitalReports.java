package io.shouhu.fhir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.shouhu.identity.DemoTokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;

/**
 * The published demo report ({@code docs/demo/report-example.json}) as any hospital would send it,
 * as a message or as a transaction, and the hospital's HAPI generic client.
 */
public final class HospitalReports {

	/** The patient's fullUrl in the example: the Task's {@code for}. */
	static final String PATIENT_REFERENCE = "urn:uuid:2c8d9e0f-3a4b-4c5d-9e6f-7a8b9c0d1e2f";

	static final String IDENTIFIER_SYSTEM = "https://hospital-01.example.cn/fhir/sid/mandatory-report";

	/** The child and the reporting doctor of the example: on nothing the hospital gets back. */
	static final String[] PERSONAL_AND_SEALED = { "示例小雨", "小雨", "000000201305200000", "2013-05-20", "演示医生",
			"DEMO-D-0001" };

	private HospitalReports() {
	}

	/** The example from a hospital and one of its workstations, with a fresh {@code Bundle.identifier}. */
	public static Bundle message(FhirContext fhir, String hospital, String workstation) {
		Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, json());
		bundle.getIdentifier().setValue("MR-" + UUID.randomUUID());
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof Organization organization) {
				organization.getIdentifierFirstRep().setValue(hospital);
			}
			if (entry.getResource() instanceof MessageHeader header) {
				header.getSource().setEndpoint("urn:shouhu:workstation:" + workstation);
			}
		}
		return bundle;
	}

	/**
	 * The same report as a HIS that only does transactions sends it: no MessageHeader, the
	 * workstation in {@code Bundle.meta.source}, every entry a POST (Flag first).
	 */
	static Bundle transaction(FhirContext fhir, String hospital, String workstation) {
		Bundle message = message(fhir, hospital, workstation);
		Bundle transaction = new Bundle();
		transaction.setType(Bundle.BundleType.TRANSACTION);
		transaction.setIdentifier(message.getIdentifier());
		transaction.setTimestampElement(message.getTimestampElement());
		transaction.getMeta().setSource("urn:shouhu:workstation:" + workstation);
		for (Bundle.BundleEntryComponent entry : message.getEntry()) {
			if (!(entry.getResource() instanceof MessageHeader)) {
				transaction.addEntry()
					.setFullUrl(entry.getFullUrl())
					.setResource(entry.getResource())
					.getRequest()
					.setMethod(Bundle.HTTPVerb.POST)
					.setUrl(entry.getResource().fhirType());
			}
		}
		return transaction;
	}

	/** Sends a report message as the hospital's HIS does and returns the id of the status Task it got back. */
	public static String send(IGenericClient hospital, Bundle report) {
		Bundle response = hospital.operation().processMessage().setMessageBundle(report).synchronous(Bundle.class).execute();
		return response.getEntry()
			.stream()
			.map(Bundle.BundleEntryComponent::getResource)
			.filter(org.hl7.fhir.r4.model.Task.class::isInstance)
			.findFirst()
			.orElseThrow()
			.getIdElement()
			.getIdPart();
	}

	public static IGenericClient client(FhirContext fhir, String baseUrl, String hospital, EncodingEnum encoding) {
		fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		IGenericClient client = fhir.newRestfulGenericClient(baseUrl + "/fhir");
		client.setEncoding(encoding);
		client.registerInterceptor(new BearerTokenAuthInterceptor(DemoTokens.hospitalToken(baseUrl, hospital)));
		return client;
	}

	static String json() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("docs/demo/report-example.json"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("docs/demo/report-example.json not found above the working directory");
		}
		try {
			return Files.readString(dir.resolve("docs/demo/report-example.json"), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
