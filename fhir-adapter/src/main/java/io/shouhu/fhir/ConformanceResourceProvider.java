package io.shouhu.fhir;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MetadataResource;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;

/**
 * Serves the implementation guide's resources of one type, read-only: {@code GET
 * /fhir/StructureDefinition/{id}} and {@code GET /fhir/StructureDefinition?url=...} (how tools
 * resolve a canonical), and the same for CodeSystem and ValueSet. They are public documents: a
 * hospital engineer reads them before holding any token.
 */
final class ConformanceResourceProvider implements IResourceProvider {

	private final Class<? extends MetadataResource> type;

	private final Supplier<? extends List<? extends MetadataResource>> resources;

	ConformanceResourceProvider(Class<? extends MetadataResource> type,
			Supplier<? extends List<? extends MetadataResource>> resources) {
		this.type = type;
		this.resources = resources;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return type;
	}

	/**
	 * One resource by id.
	 * @param id e.g. {@code shouhu-report-flag}
	 * @return a copy of the resource, so that nothing HAPI does to a response changes ours
	 */
	@Read
	public MetadataResource read(@IdParam IdType id) {
		return byId(id.getIdPart()).map(MetadataResource::copy)
			.orElseThrow(() -> new ResourceNotFoundException(id.toUnqualifiedVersionless()));
	}

	/**
	 * All resources of the type, or the one with a canonical URL.
	 * @param url the canonical, optionally with {@code |version}
	 * @return the matching resources
	 */
	@Search
	public List<MetadataResource> search(@OptionalParam(name = "url") UriParam url) {
		String canonical = url == null || url.getValue() == null ? null : url.getValue().split("\\|", 2)[0];
		return resources.get()
			.stream()
			.filter(resource -> canonical == null || canonical.equals(resource.getUrl()))
			.map(resource -> (MetadataResource) resource.copy())
			.toList();
	}

	private Optional<? extends MetadataResource> byId(String id) {
		return resources.get().stream().filter(resource -> resource.getIdElement().getIdPart().equals(id)).findFirst();
	}
}
