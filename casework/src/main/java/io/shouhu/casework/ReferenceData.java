package io.shouhu.casework;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Jurisdictions, hospitals, workstations and staff. Registering is an upsert by id, so seeding it
 * twice changes nothing.
 */
@Service
public class ReferenceData {

	private final MongoOperations mongo;

	ReferenceData(MongoOperations mongo) {
		this.mongo = mongo;
	}

	/**
	 * Registers a jurisdiction.
	 * @throws IllegalArgumentException when another jurisdiction has its case prefix: case numbers
	 *         would no longer say whose case it is (longwan and longgang both deriving {@code LO})
	 */
	public void register(Jurisdiction jurisdiction) {
		List<Jurisdiction> samePrefix = mongo.find(Query.query(Criteria.where("casePrefix")
			.is(jurisdiction.casePrefix())
			.and("_id")
			.ne(jurisdiction.id().value())), Jurisdiction.class);
		if (!samePrefix.isEmpty()) {
			throw new IllegalArgumentException("Case prefix " + jurisdiction.casePrefix() + " is taken by "
					+ samePrefix.get(0).id() + "; give " + jurisdiction.id() + " a prefix of its own.");
		}
		mongo.save(jurisdiction);
	}

	public void register(Hospital hospital) {
		mongo.save(hospital);
	}

	public void register(Workstation workstation) {
		mongo.save(workstation);
	}

	public void register(StaffMember member) {
		mongo.save(member);
	}

	public Optional<Jurisdiction> jurisdiction(JurisdictionId id) {
		return Optional.ofNullable(mongo.findById(id.value(), Jurisdiction.class));
	}

	public Optional<Hospital> hospital(HospitalId id) {
		return Optional.ofNullable(mongo.findById(id.value(), Hospital.class));
	}

	public Optional<Workstation> workstation(WorkstationId id) {
		return Optional.ofNullable(mongo.findById(id.value(), Workstation.class));
	}

	/** The workstations registered to a hospital, by id. */
	public List<Workstation> workstationsOf(HospitalId hospital) {
		return mongo.find(Query.query(Criteria.where("hospital").is(hospital.value()))
			.with(org.springframework.data.domain.Sort.by("_id")), Workstation.class);
	}

	public Optional<StaffMember> staffMember(UserId id) {
		return Optional.ofNullable(mongo.findById(id.value(), StaffMember.class));
	}

	/** The staff of a jurisdiction who hold a role, e.g. everyone on intake duty. */
	public List<StaffMember> staffWithRole(JurisdictionId jurisdiction, Role role) {
		return mongo.find(Query.query(Criteria.where("jurisdiction").is(jurisdiction.value()).and("roles").is(role)),
				StaffMember.class);
	}

	public long workstationCount() {
		return mongo.count(new Query(), Workstation.class);
	}
}
