package io.shouhu.fhir;

import java.util.function.Supplier;

import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.StructureDefinition;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;

/**
 * Names the implementation guide's profiles in the server's CapabilityStatement: HAPI's generated
 * statement knows the resource providers and the {@code $process-message} operation, not the profiles
 * a report must meet. Each profiled type gets a {@code rest.resource} (added if it has no provider,
 * the report types arrive inside the message only) with the profile as {@code profile} and in
 * {@code supportedProfile}.
 */
@Interceptor
final class CapabilityStatementProfiles {

	private final Supplier<ConformanceResources> guide;

	CapabilityStatementProfiles(Supplier<ConformanceResources> guide) {
		this.guide = guide;
	}

	/**
	 * Adds the profiles; safe to run on a statement HAPI has cached and handed out before.
	 * @param statement the statement HAPI generated
	 */
	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void addProfiles(IBaseConformance statement) {
		if (!(statement instanceof CapabilityStatement capabilities)) {
			return;
		}
		CapabilityStatementRestComponent rest = capabilities.getRest()
			.stream()
			.filter(r -> r.getMode() == CapabilityStatement.RestfulCapabilityMode.SERVER)
			.findFirst()
			.orElseGet(() -> capabilities.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER));
		for (StructureDefinition profile : guide.get().structureDefinitions()) {
			if (profile.getKind() != StructureDefinition.StructureDefinitionKind.RESOURCE) {
				continue;
			}
			CapabilityStatementRestResourceComponent resource = rest.getResource()
				.stream()
				.filter(r -> profile.getType().equals(r.getType()))
				.findFirst()
				.orElseGet(() -> rest.addResource().setType(profile.getType()));
			if (!resource.hasProfile()) {
				resource.setProfile(profile.getUrl());
			}
			if (resource.getSupportedProfile().stream().noneMatch(p -> profile.getUrl().equals(p.getValue()))) {
				resource.getSupportedProfile().add(new CanonicalType(profile.getUrl()));
			}
			if (!resource.hasDocumentation() && profile.hasDescription()) {
				resource.setDocumentation(profile.getDescription());
			}
		}
	}
}
