package io.shouhu.fhir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.shouhu.casework.ReportRefused;
import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.context.FhirContext;

/** The demo report of docs/demo, and other things the tests share. */
final class Demo {

	static final Path REPORT = Path.of("../docs/demo/report-example.json");

	private Demo() {
	}

	static String json() {
		try {
			return Files.readString(REPORT, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Bundle bundle(FhirContext context) {
		return context.newJsonParser().parseResource(Bundle.class, json());
	}

	/** A refusal as casework throws it; its constructor is casework's own. */
	static ReportRefused refused(ReportRefused.Reason reason, String message) {
		try {
			Constructor<ReportRefused> constructor = ReportRefused.class
				.getDeclaredConstructor(ReportRefused.Reason.class, String.class);
			constructor.setAccessible(true);
			return constructor.newInstance(reason, message);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
