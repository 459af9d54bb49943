package io.shouhu.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;

/** The published demo report ({@code docs/demo/report-example.json}), as a hospital would send it. */
final class DemoReports {

	/** The child's data in the example: none of it may appear in a push. */
	static final List<String> PERSONAL_DATA = List.of("示例小雨", "小雨", "000000201305200000", "2013-05-20");

	/** The reporting doctor in the example: sealed everywhere. */
	static final List<String> REPORTER_IDENTITY = List.of("演示医生", "DEMO-D-0001");

	/** Neither may be in a push or a log line. */
	static final List<String> PERSONAL_AND_SEALED = java.util.stream.Stream
		.concat(PERSONAL_DATA.stream(), REPORTER_IDENTITY.stream())
		.toList();

	private DemoReports() {
	}

	/** The example with a fresh {@code Bundle.identifier}, so each call is a new report. */
	static Bundle example(FhirContext fhir) {
		Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, json());
		bundle.getIdentifier().setValue("MR-" + UUID.randomUUID());
		return bundle;
	}

	/** The example as another hospital's report: its Organization and the given workstation. */
	static Bundle from(FhirContext fhir, String hospital, String workstation) {
		Bundle bundle = example(fhir);
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

	static String json() {
		try {
			return Files.readString(file(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path file() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("docs/demo/report-example.json"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("docs/demo/report-example.json not found above the working directory");
		}
		return dir.resolve("docs/demo/report-example.json");
	}
}
