package io.shouhu.casework;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

/** All reports ever received. */
@Repository
class Reports {

	private final MongoOperations mongo;

	/** What the casework sweep must look at, from memory: with the embedded store only, else null. */
	private final SweepCandidates forTheSweep;

	Reports(MongoOperations mongo) {
		this(mongo, true);
	}

	/**
	 * @param secondaryIndexes declare the indexes that serve the queries other than by id: on a real
	 *        MongoDB. The embedded store keeps none of them (it scans, and it reads every report just
	 *        to log that it ignores one); it keeps the unique index, which intake's exactly-once rests on.
	 *        Without them the casework sweep finds its reports from memory ({@link SweepCandidates}).
	 */
	@Autowired
	Reports(MongoOperations mongo, @Value("#{!'${spring.mongodb.uri:}'.isEmpty()}") boolean secondaryIndexes) {
		this.mongo = mongo;
		this.forTheSweep = secondaryIndexes ? null
				: new SweepCandidates(() -> mongo.find(NEEDING_SWEEP, Report.class).stream().map(r -> r.id().value()).toList());
		// The sender's identifier is the idempotency key: the unique index is what makes two
		// simultaneous sends of one report create one document.
		mongo.indexOps(Report.class)
			.createIndex(new Index().on("hospital", Sort.Direction.ASC)
				.on("intakeKey.system", Sort.Direction.ASC)
				.on("intakeKey.value", Sort.Direction.ASC)
				.unique()
				.named("hospital_intake_key"));
		if (!secondaryIndexes) {
			SecondaryIndexes.dropFrom(mongo, Report.class);
			return;
		}
		mongo.indexOps(Report.class)
			.createIndex(new Index().on("jurisdiction", Sort.Direction.ASC)
				.on("status", Sort.Direction.ASC)
				.named("jurisdiction_status"));
		mongo.indexOps(Report.class)
			.createIndex(new Index().on("hospital", Sort.Direction.ASC)
				.on("lastUpdated", Sort.Direction.DESC)
				.named("hospital_last_updated"));
		mongo.indexOps(Report.class)
			.createIndex(new Index().on("caseLinked", Sort.Direction.ASC)
				.on("decision.kind", Sort.Direction.ASC)
				.named("awaiting_case"));
	}

	/** Inserts a new report; fails with a duplicate-key error when its intake key is taken. */
	Report add(Report report) {
		// A new report needs no sweep: nothing was decided on it yet.
		return mongo.insert(report);
	}

	/** Saves a change; fails with an optimistic-locking error when the report changed meanwhile. */
	Report save(Report report) {
		if (forTheSweep == null) {
			return mongo.save(report);
		}
		long write = forTheSweep.writing(report.id().value());
		Report saved = mongo.save(report);
		forTheSweep.written(saved.id().value(), write, needsSweep(saved));
		return saved;
	}

	/** Accepted or merged reports whose case has not taken them yet: a crash came in between. */
	List<Report> awaitingCase() {
		if (forTheSweep != null) {
			return forTheSweep.find(id -> byId(new ReportId(id)), Reports::awaitsCase, Reports::needsSweep);
		}
		return mongo.find(Query.query(AWAITING_CASE), Report.class);
	}

	/** Reports whose rejection waits for the supervisor. */
	List<Report> rejectionsProposed() {
		if (forTheSweep != null) {
			return forTheSweep.find(id -> byId(new ReportId(id)), Reports::rejectionProposed, Reports::needsSweep);
		}
		return mongo.find(Query.query(Criteria.where("status").is(ReportStatus.REJECTION_PROPOSED)), Report.class);
	}

	private static final Criteria AWAITING_CASE = Criteria.where("caseLinked")
		.is(false)
		.and("decision.kind")
		.in(TriageDecision.Kind.ACCEPT, TriageDecision.Kind.MERGE);

	private static final Query NEEDING_SWEEP = Query.query(new Criteria().orOperator(
			Criteria.where("caseLinked").is(false).and("decision.kind").in(TriageDecision.Kind.ACCEPT, TriageDecision.Kind.MERGE),
			Criteria.where("status").is(ReportStatus.REJECTION_PROPOSED)));

	/** As {@link #AWAITING_CASE} selects in the store. */
	private static boolean awaitsCase(Report report) {
		return !report.isCaseLinked() && report.decision() != null
				&& (report.decision().kind() == TriageDecision.Kind.ACCEPT
						|| report.decision().kind() == TriageDecision.Kind.MERGE);
	}

	private static boolean rejectionProposed(Report report) {
		return report.status() == ReportStatus.REJECTION_PROPOSED;
	}

	/** What the casework sweep looks at: {@link #NEEDING_SWEEP} in the store. */
	private static boolean needsSweep(Report report) {
		return awaitsCase(report) || rejectionProposed(report);
	}

	Optional<Report> byId(ReportId id) {
		return Optional.ofNullable(mongo.findById(id.value(), Report.class));
	}

	Optional<Report> byIntakeKey(HospitalId hospital, IntakeKey key) {
		return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("hospital")
			.is(hospital.value())
			.and("intakeKey.system")
			.is(key.system())
			.and("intakeKey.value")
			.is(key.value())), Report.class));
	}

	List<Report> inStatus(JurisdictionId jurisdiction, ReportStatus... statuses) {
		return mongo.find(Query.query(Criteria.where("jurisdiction").is(jurisdiction.value()).and("status").in(
				(Object[]) statuses)), Report.class);
	}

	List<Report> statusesOf(HospitalId hospital, ReportStatusQuery query) {
		Criteria criteria = Criteria.where("hospital").is(hospital.value());
		if (query.identifierValue() != null) {
			criteria.and("intakeKey.value").is(query.identifierValue());
		}
		if (query.identifierSystem() != null) {
			criteria.and("intakeKey.system").is(query.identifierSystem());
		}
		if (query.report() != null) {
			criteria.and("_id").is(query.report().value());
		}
		if (query.updatedAfter() != null) {
			criteria.and("lastUpdated").gt(query.updatedAfter());
		}
		ReportStatusQuery.Position after = query.continueAfter();
		if (after != null) {
			criteria.orOperator(Criteria.where("lastUpdated").lt(after.lastUpdated()),
					Criteria.where("lastUpdated").is(after.lastUpdated()).and("_id").lt(after.report().value()));
		}
		// The id breaks ties, so that a page boundary between two reports changed in one millisecond
		// neither repeats nor skips one.
		return mongo.find(Query.query(criteria)
			.with(Sort.by(Sort.Direction.DESC, "lastUpdated").and(Sort.by(Sort.Direction.DESC, "_id")))
			.limit(query.limit()), Report.class);
	}

	long count() {
		return mongo.count(new Query(), Report.class);
	}
}
