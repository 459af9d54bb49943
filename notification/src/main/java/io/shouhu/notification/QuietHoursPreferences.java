package io.shouhu.notification;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

import io.shouhu.casework.UserId;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Service;

/** Each member of staff's quiet hours, if they set any. */
@Service
public class QuietHoursPreferences {

	private final MongoOperations mongo;

	QuietHoursPreferences(MongoOperations mongo) {
		this.mongo = mongo;
	}

	public Optional<QuietHours> of(UserId user) {
		return Optional.ofNullable(mongo.findById(user.value(), Stored.class))
			.map(s -> new QuietHours(LocalTime.parse(s.from()), LocalTime.parse(s.to()), ZoneId.of(s.zone())));
	}

	public void set(UserId user, QuietHours hours) {
		mongo.save(new Stored(user.value(), hours.from().toString(), hours.to().toString(), hours.zone().getId()));
	}

	public void clear(UserId user) {
		mongo.remove(org.springframework.data.mongodb.core.query.Query
			.query(org.springframework.data.mongodb.core.query.Criteria.where("_id").is(user.value())), Stored.class);
	}

	/** When the user's quiet period that {@code now} falls in ends, or empty. */
	Optional<Instant> quietUntil(String user, Instant now) {
		return of(new UserId(user)).flatMap(hours -> hours.endIfQuiet(now));
	}

	@Document("quiet_hours")
	record Stored(@Id String user, String from, String to, String zone) {
	}
}
