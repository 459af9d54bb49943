package io.shouhu.casework;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Jurisdictions, hospitals, workstations and staff. Registering is an upsert by id, so seeding it
 * twice changes nothing.
 * <p>
 * Every report reads its hospital, workstation and jurisdiction and the staff to alert, which change
 * rarely; each read was a store round trip. What was found is used again for a short while
 * ({@code shouhu.casework.reference-data-cache}, 30 s): a registration through this instance is seen
 * at once, one through another instance (or straight into the store) within that time. What was not
 * found is always read again, so a newly registered workstation can report at once everywhere.
 */
@Service
public class ReferenceData {

	/** A guard against unexpected growth: reference data is hundreds of entries, not thousands. */
	private static final int MAX_HELD = 10_000;

	private final MongoOperations mongo;

	private final long freshNanos;

	/** The clock the cache time is measured on: {@link System#nanoTime()}, or a test's. */
	private final LongSupplier nanoTime;

	private final ConcurrentMap<Object, Held> held = new ConcurrentHashMap<>();

	private record Held(Object value, long readAt) {
	}

	private record ById(Class<?> type, String id) {
	}

	private record StaffWith(String jurisdiction, Role role) {
	}

	ReferenceData(MongoOperations mongo) {
		this(mongo, Duration.ofSeconds(30));
	}

	@Autowired
	ReferenceData(MongoOperations mongo, @Value("${shouhu.casework.reference-data-cache:PT30S}") Duration fresh) {
		this(mongo, fresh, System::nanoTime);
	}

	ReferenceData(MongoOperations mongo, Duration fresh, LongSupplier nanoTime) {
		if (fresh.isNegative()) {
			throw new IllegalArgumentException("shouhu.casework.reference-data-cache must not be negative: " + fresh);
		}
		this.mongo = mongo;
		this.freshNanos = fresh.toNanos();
		this.nanoTime = nanoTime;
	}

	/** The value read within the last {@code fresh}, else read now; a value not found is not kept. */
	@SuppressWarnings("unchecked")
	private <T> T held(Object key, Supplier<T> read) {
		if (freshNanos == 0) {
			return read.get();
		}
		long now = nanoTime.getAsLong();
		Held known = held.get(key);
		if (known != null && now - known.readAt() < freshNanos) {
			return (T) known.value();
		}
		T value = read.get();
		if (value == null || (value instanceof List<?> list && list.isEmpty())) {
			held.remove(key);
			return value;
		}
		if (held.size() >= MAX_HELD) {
			held.clear();
		}
		held.put(key, new Held(value, now));
		return value;
	}

	private void forget(Class<?> type, String id) {
		held.remove(new ById(type, id));
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
		forget(Jurisdiction.class, jurisdiction.id().value());
	}

	public void register(Hospital hospital) {
		mongo.save(hospital);
		forget(Hospital.class, hospital.id().value());
	}

	public void register(Workstation workstation) {
		mongo.save(workstation);
		forget(Workstation.class, workstation.id().value());
	}

	public void register(StaffMember member) {
		mongo.save(member);
		held.keySet().removeIf(StaffWith.class::isInstance);
	}

	public Optional<Jurisdiction> jurisdiction(JurisdictionId id) {
		return Optional.ofNullable(byId(Jurisdiction.class, id.value()));
	}

	public Optional<Hospital> hospital(HospitalId id) {
		return Optional.ofNullable(byId(Hospital.class, id.value()));
	}

	public Optional<Workstation> workstation(WorkstationId id) {
		return Optional.ofNullable(byId(Workstation.class, id.value()));
	}

	private <T> T byId(Class<T> type, String id) {
		return held(new ById(type, id), () -> mongo.findById(id, type));
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
		return held(new StaffWith(jurisdiction.value(), role),
				() -> List.copyOf(mongo.find(
						Query.query(Criteria.where("jurisdiction").is(jurisdiction.value()).and("roles").is(role)),
						StaffMember.class)));
	}

	public long workstationCount() {
		return mongo.count(new Query(), Workstation.class);
	}
}
