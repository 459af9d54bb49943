package io.shouhu.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The entries of one message Bundle and the references between them. A report is self-contained:
 * a reference resolves only to an entry of the same Bundle, by its {@code fullUrl} or by
 * {@code Type/id}; nothing is fetched from elsewhere.
 */
final class BundleEntries {

	/** A resource found in the Bundle, with its position for error expressions. */
	record Entry<T extends Resource>(T resource, int index) {

		String path() {
			return "Bundle.entry[" + index + "].resource";
		}
	}

	private final List<Bundle.BundleEntryComponent> entries;

	BundleEntries(Bundle bundle) {
		this.entries = bundle.getEntry();
	}

	Optional<Entry<Resource>> first() {
		if (entries.isEmpty() || entries.get(0).getResource() == null) {
			return Optional.empty();
		}
		return Optional.of(new Entry<>(entries.get(0).getResource(), 0));
	}

	/** The entries holding a resource of a type, in Bundle order. */
	<T extends Resource> List<Entry<T>> all(Class<T> type) {
		List<Entry<T>> found = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			Resource resource = entries.get(i).getResource();
			if (type.isInstance(resource)) {
				found.add(new Entry<>(type.cast(resource), i));
			}
		}
		return found;
	}

	/** The entry a reference points at, when it is in the Bundle and of the expected type. */
	<T extends Resource> Optional<Entry<T>> resolve(Reference reference, Class<T> type) {
		if (reference == null) {
			return Optional.empty();
		}
		String target = reference.getReference();
		if (target == null || target.isBlank()) {
			// A reference built in memory may link the resource without naming it.
			Object linked = reference.getResource();
			for (int i = 0; linked != null && i < entries.size(); i++) {
				if (entries.get(i).getResource() == linked) {
					return typed(i, type);
				}
			}
			return Optional.empty();
		}
		for (int i = 0; i < entries.size(); i++) {
			if (target.equals(entries.get(i).getFullUrl())) {
				return typed(i, type);
			}
		}
		String[] parts = target.split("/");
		if (parts.length >= 2 && !target.contains(":")) {
			String resourceType = parts[parts.length - 2];
			String id = parts[parts.length - 1];
			for (int i = 0; i < entries.size(); i++) {
				Resource resource = entries.get(i).getResource();
				if (resource != null && resourceType.equals(resource.fhirType())
						&& id.equals(resource.getIdElement().getIdPart())) {
					return typed(i, type);
				}
			}
		}
		return Optional.empty();
	}

	private <T extends Resource> Optional<Entry<T>> typed(int index, Class<T> type) {
		Resource resource = entries.get(index).getResource();
		return type.isInstance(resource) ? Optional.of(new Entry<>(type.cast(resource), index)) : Optional.empty();
	}
}
