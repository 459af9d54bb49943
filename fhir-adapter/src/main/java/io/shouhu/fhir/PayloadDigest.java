package io.shouhu.fhir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;

/**
 * SHA-256 of a report's content, to tell a resend from a different report under the same
 * {@code Bundle.identifier}. The digest is taken over the parsed Bundle re-encoded as compact JSON,
 * so the same content sent as JSON or XML, pretty or not, bare or as the {@code content} parameter
 * of a Parameters resource, gives the same digest. What a sender
 * typically regenerates on a retry is left out: {@code Bundle.id}, {@code Bundle.meta},
 * {@code Bundle.timestamp} and each resource's {@code meta.lastUpdated} and {@code meta.versionId}.
 */
final class PayloadDigest {

	private PayloadDigest() {
	}

	static String of(FhirContext context, Bundle bundle) {
		Bundle canonical = bundle.copy();
		canonical.setIdElement(null);
		canonical.setMeta(null);
		canonical.setTimestampElement(null);
		for (Bundle.BundleEntryComponent entry : canonical.getEntry()) {
			Resource resource = entry.getResource();
			// A copied Reference still links the original's resources, and the encoder contains a
			// linked resource that has no id (as in a Bundle nested in Parameters) by rewriting the
			// original's reference to "#...". Encode references as written, and the original untouched.
			if (resource != null) {
				context.newTerser()
					.getAllResourceReferences(resource)
					.forEach(info -> info.getResourceReference().setResource(null));
			}
			// The parser fills a top-level entry's id in from its fullUrl, but not a nested Bundle's: the
			// fullUrl is what identifies an entry either way.
			if (resource != null && entry.hasFullUrl()) {
				resource.setIdElement(null);
			}
			if (resource != null && resource.hasMeta()) {
				Meta meta = resource.getMeta();
				meta.setLastUpdatedElement(null);
				meta.setVersionIdElement(null);
				if (meta.isEmpty()) {
					resource.setMeta(null);
				}
			}
		}
		String json = context.newJsonParser().setPrettyPrint(false).encodeResourceToString(canonical);
		return sha256(json);
	}

	private static String sha256(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}
}
